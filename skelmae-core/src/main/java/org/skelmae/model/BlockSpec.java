package org.skelmae.model;

import org.skelmae.problem.ConfigurationException;

/**
 * One STTFormer block: input channels, output channels and the per-head query/key width d.
 *
 * @param in  input channels C_i
 * @param out output channels C_o
 * @param qkv query/key channels per head d
 */
public record BlockSpec(int in, int out, int qkv) {

    public BlockSpec {
        if (in < 1 || out < 1 || qkv < 1) {
            throw new ConfigurationException("block [in, out, qkv] must be positive, got [" + in + ", " + out + ", " + qkv + "]");
        }
    }
}
