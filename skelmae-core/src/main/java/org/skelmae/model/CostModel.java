package org.skelmae.model;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.skelmae.latent.LatentConfig;
import org.skelmae.latent.VaeForm;

/**
 * Analytic parameter and multiply-accumulate counts for any configuration, from the block definition
 * (docs/method.md, "STTFormer block"). MACs count the architecture's convolutions and matrix products (element-wise
 * work is
 * ignored, FLOPs = 2 × MACs, a backward pass is taken as 2 × its forward). The one-hot products that
 * stand in for gathers in this implementation are not model work and are not counted.
 */
public final class CostModel {

    /**
     * Counts for one configuration.
     *
     * @param encoderParams      input map, embedding and encoder blocks
     * @param decoderParams      mask token, embedding, decoder blocks and output layer
     * @param latentParams       VAE heads, codebook or width adapter
     * @param headParams         the classifier's linear head
     * @param encoderMacsMasked  encoder forward on one person-sequence's visible grid
     * @param encoderMacsFull    encoder forward on one person-sequence's full grid
     * @param latentMacs         latent forward on one person-sequence
     * @param decoderMacs        decoder forward on one person-sequence
     * @param persons            person slots M per sample
     */
    @JsonPropertyOrder({"encoderParams", "decoderParams", "latentParams", "headParams", "encoderMacsMasked",
            "encoderMacsFull", "latentMacs", "decoderMacs", "persons"})
    public record Cost(long encoderParams, long decoderParams, long latentParams, long headParams, long encoderMacsMasked,
                       long encoderMacsFull, long latentMacs, long decoderMacs, int persons) {

        /** Parameters trained in pre-training (encoder, latent, decoder). */
        public long pretrainParams() {
            return encoderParams + latentParams + decoderParams;
        }

        /** Parameters of the fine-tuned classifier. */
        public long classifierParams() {
            return encoderParams + headParams;
        }

        /** Forward FLOPs of pre-training per sample (every person slot non-empty). */
        public double pretrainForwardFlopsPerSample() {
            return 2.0 * persons * (encoderMacsMasked + latentMacs + decoderMacs);
        }

        /** Forward FLOPs of the classifier per sample. */
        public double classifierForwardFlopsPerSample() {
            return 2.0 * persons * encoderMacsFull;
        }

        /** Forward + backward FLOPs of one pre-training step per sample. */
        public double pretrainTrainFlopsPerSample() {
            return 3 * pretrainForwardFlopsPerSample();
        }

        /** Forward + backward FLOPs of one fine-tuning step per sample. */
        public double classifierTrainFlopsPerSample() {
            return 3 * classifierForwardFlopsPerSample();
        }
    }

    private CostModel() {
    }

    /**
     * @param joints  V of the dataset
     * @param persons M of the dataset
     * @param classes classes of the head
     */
    public static Cost of(ModelConfig cfg, int joints, int persons, int classes) {
        int t = cfg.frames();
        int l = cfg.framesPerTuple();
        int tk = cfg.masking().keptFrames(t);
        int jk = cfg.masking().keptJoints(joints);
        int fullSlots = l * joints;
        long enc = 3L * cfg.inputChannels() + cfg.inputChannels() + 2L * cfg.inputChannels();
        if (cfg.inputEmbedding()) {
            enc += (long) (t + joints) * cfg.inputChannels();
        }
        for (BlockSpec b : cfg.encoder()) {
            enc += blockParams(b, cfg, fullSlots);
        }
        long dec = 0;
        int d = cfg.decoderWidth();
        if (!cfg.decoder().isEmpty()) {
            dec += d;
            if (cfg.decoderEmbedding()) {
                dec += (long) (t + joints) * d;
            }
            for (BlockSpec b : cfg.decoder()) {
                dec += blockParams(b, cfg, fullSlots);
            }
            dec += (long) cfg.decoderOutWidth() * 3 + 3;
        }
        long visibleTokens = (long) tk * jk;
        long latent = latentParams(cfg, visibleTokens);
        long head = (long) cfg.encoderWidth() * classes + classes;

        long encMasked = 3L * cfg.inputChannels() * visibleTokens + blocksMacs(cfg.encoder(), cfg, tk / l, l * jk);
        long encFull = 3L * cfg.inputChannels() * t * joints + blocksMacs(cfg.encoder(), cfg, t / l, fullSlots);
        long decMacs = cfg.decoder().isEmpty() ? 0
                : blocksMacs(cfg.decoder(), cfg, t / l, fullSlots) + (long) cfg.decoderOutWidth() * 3 * t * joints;
        return new Cost(enc, dec, latent, head, encMasked, encFull, latentMacs(cfg, visibleTokens), decMacs, persons);
    }

    /** Parameters of one block on a layout of {@code slots} tuple-joints. */
    public static long blockParams(BlockSpec b, ModelConfig cfg, int slots) {
        int h = cfg.heads();
        long ci = b.in();
        long co = b.out();
        long p = ci * 2L * h * b.qkv() + 2L * h * b.qkv();
        p += h + (long) h * slots * slots;
        p += h * ci * cfg.spatialKernel() * co + co + 2 * co;
        if (ci != co) {
            p += ci * co + co + 2 * co;
        }
        p += co * co + co + 2 * co;
        p += co * cfg.temporalKernel() * co + co + 2 * co;
        if (ci != co) {
            p += co * co + co + 2 * co;
        }
        return p;
    }

    private static long blocksMacs(java.util.List<BlockSpec> blocks, ModelConfig cfg, int tuples, int slots) {
        long sum = 0;
        for (BlockSpec b : blocks) {
            sum += blockMacs(b, cfg, tuples, slots);
        }
        return sum;
    }

    /** MACs of one block's forward pass on a (T', V') grid. */
    public static long blockMacs(BlockSpec b, ModelConfig cfg, int tuples, int slots) {
        int h = cfg.heads();
        long n = (long) tuples * slots;
        long ci = b.in();
        long co = b.out();
        long m = ci * 2L * h * b.qkv() * n;
        m += (long) h * slots * slots * b.qkv() * tuples;
        m += (long) h * ci * tuples * slots * slots;
        m += h * ci * cfg.spatialKernel() * co * n;
        if (ci != co) {
            m += ci * co * n + co * co * n;
        }
        m += co * co * n;
        m += co * cfg.temporalKernel() * co * n;
        return m;
    }

    private static long latentParams(ModelConfig cfg, long visibleTokens) {
        LatentConfig lc = cfg.latent();
        long c = cfg.encoderWidth();
        long d = cfg.decoderWidth();
        long adapter = c == d ? 0 : c * d + d;
        return switch (lc.type()) {
            case NONE -> adapter;
            case VQ -> (long) lc.codebookSize() * c + adapter;
            case VAE -> {
                long in = lc.vaeForm() == VaeForm.GLOBAL ? c * visibleTokens : c;
                long out = lc.vaeForm() == VaeForm.GLOBAL ? d * visibleTokens : d;
                yield in * 2L * lc.vaeDim() + 2L * lc.vaeDim() + (long) lc.vaeDim() * out + out;
            }
        };
    }

    private static long latentMacs(ModelConfig cfg, long visibleTokens) {
        LatentConfig lc = cfg.latent();
        long c = cfg.encoderWidth();
        long d = cfg.decoderWidth();
        long adapter = c == d ? 0 : c * d * visibleTokens;
        return switch (lc.type()) {
            case NONE -> adapter;
            case VQ -> (long) lc.codebookSize() * c * visibleTokens * 2 + adapter;
            // global and per-token forms do the same products: N·(C·2·dim + dim·D)
            case VAE -> visibleTokens * lc.vaeDim() * (2 * c + d);
        };
    }
}
