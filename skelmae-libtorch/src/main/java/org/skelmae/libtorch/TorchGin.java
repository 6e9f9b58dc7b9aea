package org.skelmae.libtorch;

import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.ScalarTypeOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.skelmae.gin.model.GinAutoencoder;
import org.skelmae.gin.model.GinConfig;
import org.skelmae.gin.model.SkeletonGraph;
import org.skelmae.model.ParameterStore;

import java.util.function.Predicate;

/**
 * The graph family's computation on libtorch (docs/method.md, "The graph family"): the ND4J graphs of
 * {@code GinLayers}, {@code StrlLayer} and {@code TemporalBlock} op for op ({@code GinParityTest}), on the same node
 * rows (R, d), R = V·G joint-major, so that summing over neighbours is one product of the (V, V) aggregation matrix
 * I + A with the rows viewed as (V, G·d).
 */
final class TorchGin extends TorchModel {

    private final GinConfig cfg;
    private final int nodes;
    /** I + A, (V, V), in the store's float type. */
    private final Tensor aggregation;

    /** @param frozen the parameters that get no gradients (a linear probe's lift and encoder) */
    TorchGin(GinConfig cfg, ParameterStore store, SkeletonGraph graph, Predicate<String> frozen) {
        super(store, cfg.bnEpsilon(), frozen);
        this.cfg = cfg;
        this.nodes = graph.nodes();
        this.aggregation = LibTorch.place(TorchArrays.tensor(graph.aggregation(store.dtype())));
    }

    int nodes() {
        return nodes;
    }

    /** The learnable lift of the coordinates (R, 3) to D features per joint. */
    Tensor lift(Tensor coords) {
        return linear(GinAutoencoder.LIFT, coords);
    }

    /**
     * The GIN encoder on node rows (R, D): {@code cfg.encoderLayers()} encoding GIN layers named {@code prefix + k},
     * each input multiplied by its dropout mask when {@code dropout} holds one per layer.
     *
     * @param perRow node rows each BatchNorm sees per row a step reports
     */
    Tensor encoder(String prefix, Tensor h, boolean train, double perRow, Tensor[] dropout) {
        for (int k = 0; k < cfg.encoderLayers(); k++) {
            Tensor x = dropout == null ? h : h.mul(dropout[k]);
            h = gin(prefix + k, x, true, train, perRow);
        }
        return h;
    }

    /**
     * One GIN layer: MLP((1 + ε)·h + Σ neighbours) with ε = 0, the MLP Linear → BatchNorm → PReLU → Linear; an
     * encoder layer ({@code encoding}) adds BatchNorm → PReLU after it.
     */
    Tensor gin(String name, Tensor h, boolean encoding, boolean train, double perRow) {
        long in = h.size(1);
        Tensor summed = torch.matmul(aggregation, h.reshape(nodes, -1)).reshape(-1, in);
        Tensor z = linear(name + ".mlp.0", summed);
        z = prelu(name + ".mlp.prelu", bn(name + ".mlp.bn", z, train, true, perRow));
        z = linear(name + ".mlp.1", z);
        return encoding ? prelu(name + ".prelu", bn(name + ".bn", z, train, true, perRow)) : z;
    }

    /** PReLU with one learnable slope per feature, on rows (R, d). */
    Tensor prelu(String name, Tensor x) {
        return torch.prelu(x, param(name));
    }

    /** Row-wise cosine of (R, d) tensors as (R, 1), with ‖x‖ = sqrt(Σx² + 1e-12) as on ND4J. */
    static Tensor cosine(Tensor a, Tensor b) {
        Tensor dot = rowSums(a.mul(b));
        Tensor na = rowSums(a.mul(a)).add(new Scalar(1e-12)).sqrt();
        Tensor nb = rowSums(b.mul(b)).add(new Scalar(1e-12)).sqrt();
        return dot.div(na.mul(nb));
    }

    private static Tensor rowSums(Tensor x) {
        return x.sum(new long[]{1}, true, new ScalarTypeOptional());
    }

    /**
     * One STRL layer of fine-tuning ({@code StrlLayer}): per person, that layer's copy of the encoder, summed over the
     * joints and repeated at each, plus a 1×1 projection of the input; then ReLU(BN(SM·Wᵀ)).
     *
     * @param h       node rows (R, D) in (joint, person, sample, frame) order, R = V·M·N·T
     * @param persons M
     */
    Tensor strl(int layer, Tensor h, int persons, boolean train) {
        int d = cfg.embedding();
        int dh = cfg.hidden();
        String name = "strl." + layer;
        TensorVector byPerson = persons == 1 ? null : h.reshape(nodes, persons, -1).chunk(persons, 1);
        Tensor[] sm = new Tensor[persons];
        for (int p = 0; p < persons; p++) {
            Tensor rows = (persons == 1 ? h : byPerson.get(p)).reshape(-1, d);
            // a step reports N·M person slots; each person's encoder sees V·T node rows per sample
            Tensor enc = encoder("strl." + layer + ".p" + p + ".enc.", rows, train, (double) nodes * cfg.frames() / persons, null);
            Tensor pooled = enc.reshape(nodes, -1, dh).sum(0);
            Tensor residual = linear(name + ".res", rows).reshape(nodes, -1, dh);
            sm[p] = residual.add(pooled).reshape(nodes, 1, -1);
        }
        Tensor all = (persons == 1 ? sm[0] : torch.cat(new TensorVector(sm), 1)).reshape(-1, dh);
        Tensor projected = torch.matmul(all, param(name + ".w").t());
        // a step reports N·M person slots; this layer normalises V·T node rows for each
        return torch.relu(bn(name + ".bn", projected, train, true, (double) nodes * cfg.frames()));
    }

    /**
     * The multi-scale temporal block after each STRL layer ({@code TemporalBlock}): four branches of C/4 channels on
     * (N, C, T, V) (5×1 convolutions at dilation 1 and 2, a 3×1 max-pool, a 1×1 convolution), concatenated, plus the
     * input, then ReLU.
     */
    Tensor temporal(String name, Tensor x, boolean train) {
        long channels = x.size(1);
        long frames = x.size(2);
        double spatial = (double) frames * x.size(3);
        Tensor[] branches = new Tensor[4];
        for (int d = 1; d <= 2; d++) {
            String n = name + ".dil" + d;
            Tensor z = torch.relu(bn(n + ".in.bn", conv(n + ".in", x), train, true, spatial));
            Tensor t = d == 1 ? conv(n + ".t", z) : dilated(n + ".t", z, d);
            branches[d - 1] = bn(n + ".bn", t, train, true, spatial);
        }
        Tensor z = torch.relu(bn(name + ".max.in.bn", conv(name + ".max.in", x), train, true, spatial));
        Tensor pooled = torch.max_pool2d(z, new long[]{3, 1}, new long[]{1, 1}, new long[]{1, 0}, new long[]{1, 1}, false);
        branches[2] = bn(name + ".max.bn", pooled, train, true, spatial);
        branches[3] = bn(name + ".one.bn", conv(name + ".one", x), train, true, spatial);
        return torch.relu(torch.cat(new TensorVector(branches), 1).add(x));
    }

    /** A (k × 1) convolution over time, "same" length; k from the weight. */
    private Tensor conv(String name, Tensor x) {
        Tensor w = param(name + ".w");
        return Convolutions.conv2d(x, w, param(name + ".b"), w.size(2) / 2, 0);
    }

    /**
     * A (5 × 1) convolution at dilation d as the ND4J graph computes it: d undilated convolutions on the frames of
     * each residue t mod d (the only frames a dilated kernel combines), interleaved back. The same arithmetic as a
     * dilated kernel, and the convolution shapes {@link Convolutions} checks.
     */
    private Tensor dilated(String name, Tensor x, int d) {
        long c = x.size(1);
        long t = x.size(2);
        long v = x.size(3);
        Tensor byResidue = x.reshape(-1, c, t / d, d, v).permute(0, 3, 1, 2, 4).reshape(-1, c, t / d, v);
        Tensor y = conv(name, byResidue);
        long out = y.size(1);
        return y.reshape(-1, d, out, t / d, v).permute(0, 2, 3, 1, 4).reshape(-1, out, t, v);
    }

    @Override
    String describe() {
        return "graph model " + cfg.name();
    }

    @Override
    public void close() {
        super.close();
        aggregation.close();
    }
}
