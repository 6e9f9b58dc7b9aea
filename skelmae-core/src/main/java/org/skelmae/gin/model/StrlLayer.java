package org.skelmae.gin.model;

import org.nd4j.autodiff.samediff.SDVariable;
import org.skelmae.model.GraphBuilder;
import org.skelmae.model.Init;

/**
 * One STRL layer of the graph family's fine-tuning model (docs/method.md, "Fine-tuning the graph
 * family"). Per person p and frame, the SM module runs a copy of the pre-trained GIN encoder (its own
 * copy per layer and person, all loaded from one checkpoint), sums its output over the joints, repeats
 * the sum at every joint and adds a 1×1 projection of the input; the layer's update is then
 * ReLU(BN(SM(H)·W)) with a bias-free W back to D features. The BatchNorm is our choice (GCN blocks apply
 * it there): without it the sum over joints multiplies the activations by about V in every layer, and
 * fine-tuning diverged in its first steps at every learning rate tried (docs/method.md).
 */
final class StrlLayer {

    private StrlLayer() {
    }

    /** The classifier parameter prefix of the encoder copy of layer {@code layer} and person {@code person}. */
    static String encoderPrefix(int layer, int person) {
        return "strl." + layer + ".p" + person + ".enc.";
    }

    /**
     * @param h       node rows (R, D) in (joint, person, sample, frame) order, R = V·M·N·T
     * @param persons M
     * @return node rows (R, D) in the same order
     */
    static SDVariable apply(GraphBuilder g, int layer, SDVariable h, SDVariable aggregation, int nodes, int persons,
                            GinConfig cfg) {
        int d = cfg.embedding();
        int dh = cfg.hidden();
        String name = "strl." + layer;
        SDVariable[] byPerson = persons == 1 ? new SDVariable[]{h} : g.sd().split(h.reshape(nodes, persons, -1), persons, 1);
        SDVariable[] sm = new SDVariable[persons];
        for (int p = 0; p < persons; p++) {
            SDVariable rows = byPerson[p].reshape(-1, d);
            SDVariable enc = rows;
            int in = d;
            for (int k = 0; k < cfg.encoderLayers(); k++) {
                enc = GinLayers.gin(g, encoderPrefix(layer, p) + k, enc, aggregation, nodes, in, dh, dh, true, cfg.preluInit(),
                        // a step reports N·M person slots; each person's encoder sees V·T node rows per sample
                        (double) nodes * cfg.frames() / persons);
                in = dh;
            }
            SDVariable pooled = enc.reshape(nodes, -1, dh).sum(0);
            SDVariable residual = g.linear(name + ".res", rows, d, dh).reshape(nodes, -1, dh);
            sm[p] = residual.add(pooled).reshape(nodes, 1, -1);
        }
        SDVariable all = (persons == 1 ? sm[0] : g.sd().concat(1, sm)).reshape(-1, dh);
        SDVariable w = g.param(name + ".w", new long[]{d, dh}, Init.xavierNormal(dh, d));
        // a step reports N·M person slots; this layer normalises V·T node rows for each
        SDVariable updated = GinLayers.batchNorm(g, name + ".bn", g.sd().mmul(all, w, false, true, false), d, (double) nodes * cfg.frames());
        return g.sd().nn().relu(updated, 0);
    }
}
