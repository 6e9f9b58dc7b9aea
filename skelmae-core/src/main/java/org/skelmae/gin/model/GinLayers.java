package org.skelmae.gin.model;

import org.nd4j.autodiff.samediff.SDVariable;
import org.skelmae.model.GraphBuilder;
import org.skelmae.model.Init;

/**
 * The layers of the graph family on node rows (R, d), R = V·G joint-major (row v·G + g is joint v of
 * graph g), so that summing over neighbours is one product of the (V, V) aggregation matrix with the rows
 * viewed as (V, G·d), without a copy.
 */
final class GinLayers {

    private GinLayers() {
    }

    /**
     * One GIN layer (docs/method.md, "GIN layer"): MLP((1 + ε)·h + Σ neighbours) with ε = 0, the MLP
     * Linear → BatchNorm → PReLU → Linear; an encoder layer ({@code encoding}) adds BatchNorm → PReLU after
     * it, the decoder's does not (as GraphMAE's GIN).
     *
     * @param h           node rows (R, in)
     * @param aggregation I + A, (V, V)
     * @param nodes       V
     * @param bnCount     node rows BatchNorm sees per row a step reports (1 in pre-training, whose steps report node
     *                    rows); only the running variance's unbiased factor n / (n − 1) depends on it
     */
    static SDVariable gin(GraphBuilder g, String name, SDVariable h, SDVariable aggregation, int nodes, int in, int hidden,
                          int out, boolean encoding, double preluInit, double bnCount) {
        SDVariable summed = g.sd().mmul(aggregation, h.reshape(nodes, -1)).reshape(-1, in);
        SDVariable z = g.linear(name + ".mlp.0", summed, in, hidden);
        z = prelu(g, name + ".mlp.prelu", batchNorm(g, name + ".mlp.bn", z, hidden, bnCount), hidden, preluInit);
        z = g.linear(name + ".mlp.1", z, hidden, out);
        return encoding ? prelu(g, name + ".prelu", batchNorm(g, name + ".bn", z, out, bnCount), out, preluInit) : z;
    }

    /** BatchNorm over the node rows of each feature (BatchNorm1d), as BatchNorm2d on (R, d, 1, 1). */
    static SDVariable batchNorm(GraphBuilder g, String name, SDVariable x, int width, double count) {
        return batchNorm(g, name, x, width, count, true);
    }

    /** {@link #batchNorm}, optionally without the learnable scale and shift. */
    static SDVariable batchNorm(GraphBuilder g, String name, SDVariable x, int width, double count, boolean affine) {
        return g.batchNorm(name, x.reshape(-1, width, 1, 1), width, 1, affine, count).reshape(-1, width);
    }

    /** PReLU with one learnable slope a per feature: relu(x) − a·relu(−x). */
    static SDVariable prelu(GraphBuilder g, String name, SDVariable x, int width, double init) {
        SDVariable a = g.param(name, new long[]{width}, Init.constant(init));
        return g.sd().nn().relu(x, 0).sub(g.sd().nn().relu(x.neg(), 0).mul(a));
    }

    /** The learnable lift of the coordinates (R, 3) to D features per joint. */
    static SDVariable lift(GraphBuilder g, SDVariable coords, int embedding) {
        return g.linear(GinAutoencoder.LIFT, coords, 3, embedding);
    }

    /** Row-wise cosine of (R, d) arrays as (R, 1), with ‖x‖ = sqrt(Σx² + 1e-12) so a zero row gives 0, not NaN. */
    static SDVariable cosine(SDVariable a, SDVariable b) {
        SDVariable dot = a.mul(b).sum(true, 1);
        SDVariable na = a.mul(a).sum(true, 1).add(1e-12).pow(0.5);
        SDVariable nb = b.mul(b).sum(true, 1).add(1e-12).pow(0.5);
        return dot.div(na.mul(nb));
    }
}
