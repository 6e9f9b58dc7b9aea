package org.skelmae.suite;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.skelmae.gin.masking.RegionMasking;
import org.skelmae.gin.model.GinConfig;
import org.skelmae.latent.LatentConfig;
import org.skelmae.masking.MaskingConfig;
import org.skelmae.model.BlockSpec;
import org.skelmae.model.ModelConfig;
import org.skelmae.problem.ConfigurationException;

import java.util.ArrayList;
import java.util.List;

/**
 * A model change an ablation studies. For the STTFormer family: masking rates (Table 3), VAE latent
 * dimension (Table 4), codebook size (Table 5), decoder width (Table 6) or decoder depth (Table 7); for
 * the graph family (Yan et al.'s Tables 4a, 4c, 5a, 5b): the region masking, the encoder depth L_D and the
 * STRL layers M. Unset fields keep the preset's; a field of the other family is an error.
 *
 * @param name          part of the experiment name, e.g. {@code mt0.5-mj0.6}
 * @param masking       M_t and M_j
 * @param vaeDim        VAE latent dimension
 * @param codebookSize  VQ codebook size K
 * @param decoderWidth  width of the decoder's widest blocks
 * @param decoderDepth  decoder layers including the output layer
 * @param regionMasking the graph family's masking policy, e.g. {@code regions:right_arm}
 * @param encoderLayers the graph family's L_D
 * @param strlLayers    the graph family's M
 */
@JsonPropertyOrder({"name", "masking", "vaeDim", "codebookSize", "decoderWidth", "decoderDepth", "regionMasking",
        "encoderLayers", "strlLayers"})
public record Variant(String name, MaskingConfig masking, Integer vaeDim, Integer codebookSize, Integer decoderWidth,
                      Integer decoderDepth, RegionMasking regionMasking, Integer encoderLayers, Integer strlLayers) {

    public Variant {
        if (name == null || !name.matches("[A-Za-z0-9._-]+")) {
            throw new ConfigurationException("variant name must be letters, digits, '.', '_' or '-', got '" + name + "'");
        }
    }

    /** The graph-family preset with this variant's changes. */
    public GinConfig apply(GinConfig base) {
        if (masking != null || vaeDim != null || codebookSize != null || decoderWidth != null || decoderDepth != null) {
            throw new ConfigurationException("variant " + name + " changes an STTFormer-family setting (masking, vaeDim, codebookSize,"
                    + " decoderWidth or decoderDepth), which the graph family's " + base.name() + " does not have");
        }
        return base.with(regionMasking != null ? regionMasking : base.masking(),
                encoderLayers != null ? encoderLayers : base.encoderLayers(),
                strlLayers != null ? strlLayers : base.strlLayers()).withName(base.name() + "-" + name);
    }

    /** The STTFormer-family preset with this variant's changes. */
    public ModelConfig apply(ModelConfig base) {
        if (regionMasking != null || encoderLayers != null || strlLayers != null) {
            throw new ConfigurationException("variant " + name + " changes a graph-family setting (regionMasking, encoderLayers or"
                    + " strlLayers), which the STTFormer family's " + base.name() + " does not have");
        }
        ModelConfig c = base;
        if (masking != null) {
            c = c.withMasking(masking);
        }
        LatentConfig l = c.latent();
        if (vaeDim != null || codebookSize != null) {
            c = c.withLatent(new LatentConfig(l.type(), vaeDim != null ? vaeDim : l.vaeDim(), l.vaeForm(), l.klWeight(),
                    l.logVarMin(), l.logVarMax(), codebookSize != null ? codebookSize : l.codebookSize(), l.commitment()));
        }
        if (decoderDepth != null) {
            c = c.withDecoder(depth(c.decoder(), decoderDepth - 1));
        }
        if (decoderWidth != null) {
            c = c.withDecoder(width(c.decoder(), decoderWidth));
        }
        return c.withName(base.name() + "-" + name);
    }

    /**
     * The decoder with {@code blocks} blocks: constant-width leading blocks are added or removed; when
     * fewer blocks than the narrowing tail are asked for, the tail's last equal-width blocks go first.
     */
    static List<BlockSpec> depth(List<BlockSpec> decoder, int blocks) {
        if (blocks < 1) {
            throw new ConfigurationException("decoderDepth must be at least 2 (one block and the output layer)");
        }
        List<BlockSpec> lead = new ArrayList<>();
        int i = 0;
        while (i < decoder.size() - 1 && decoder.get(i).in() == decoder.get(i).out() && decoder.get(i).in() == decoder.get(0).in()) {
            lead.add(decoder.get(i++));
        }
        List<BlockSpec> tail = new ArrayList<>(decoder.subList(i, decoder.size()));
        while (lead.size() + tail.size() > blocks && !lead.isEmpty()) {
            lead.remove(lead.size() - 1);
        }
        while (lead.size() + tail.size() > blocks && tail.size() > 1) {
            BlockSpec last = tail.get(tail.size() - 1);
            if (last.in() != last.out()) {
                break;
            }
            tail.remove(tail.size() - 1);
        }
        if (lead.size() + tail.size() > blocks) {
            throw new ConfigurationException("decoderDepth " + (blocks + 1) + " is too shallow for this decoder (at least "
                    + (lead.size() + tail.size() + 1) + " layers)");
        }
        BlockSpec first = decoder.get(0);
        while (lead.size() + tail.size() < blocks) {
            lead.add(new BlockSpec(first.in(), first.in(), first.qkv()));
        }
        List<BlockSpec> out = new ArrayList<>(lead);
        out.addAll(tail);
        return out;
    }

    /** The decoder with its widest channel count replaced by {@code width} (q/k width scaled alike). */
    static List<BlockSpec> width(List<BlockSpec> decoder, int width) {
        int widest = decoder.stream().mapToInt(b -> Math.max(b.in(), b.out())).max().orElseThrow();
        List<BlockSpec> out = new ArrayList<>();
        for (BlockSpec b : decoder) {
            boolean wide = b.in() == widest;
            out.add(new BlockSpec(b.in() == widest ? width : b.in(), b.out() == widest ? width : b.out(),
                    wide ? Math.max(1, b.qkv() * width / widest) : b.qkv()));
        }
        return out;
    }
}
