package org.skelmae.run;

import org.skelmae.util.Sha256;

import java.nio.charset.StandardCharsets;

/**
 * One root seed per run, and an independent seed per component (initialisation, data order and
 * augmentation, masks, VAE noise, dropout, held-out split) derived from it by name, so adding a
 * component never shifts another's random stream.
 */
public final class Seeds {

    private Seeds() {
    }

    /** The seed of {@code component} under {@code root}. */
    public static long of(long root, String component) {
        byte[] h = Sha256.digest().digest((root + "/" + component).getBytes(StandardCharsets.UTF_8));
        long s = 0;
        for (int i = 0; i < 8; i++) {
            s = (s << 8) | (h[i] & 0xff);
        }
        return s;
    }
}
