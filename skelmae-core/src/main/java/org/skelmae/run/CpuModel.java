package org.skelmae.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The processor a run executed on, for provenance and for the regression gate: the same seed gives the
 * same numbers on one machine, not across processors, so a baseline records where it was measured and a
 * check says when it runs elsewhere. Virtual machines often report a generic model name ("AMD EPYC"), so
 * the vector extensions that select different ND4J/oneDNN kernels are appended.
 */
public final class CpuModel {

    private static final List<String> FEATURES = List.of("avx2", "avx512f", "avx512_bf16", "amx_tile");
    private static final String DESCRIPTION = detect(Path.of("/proc/cpuinfo"));

    private CpuModel() {
    }

    /** E.g. "Intel(R) Xeon(R) Platinum 8481C [avx2 avx512f avx512_bf16 amx_tile]", or the architecture when unknown. */
    public static String describe() {
        return DESCRIPTION;
    }

    static String detect(Path cpuinfo) {
        String arch = System.getProperty("os.arch");
        if (!Files.isReadable(cpuinfo)) {
            return arch;
        }
        try {
            String model = null;
            String flags = "";
            for (String line : Files.readAllLines(cpuinfo)) {
                int colon = line.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String key = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                if (model == null && key.equals("model name")) {
                    model = line.substring(colon + 1).trim();
                } else if (flags.isEmpty() && key.equals("flags")) {
                    flags = " " + line.substring(colon + 1).trim() + " ";
                }
            }
            List<String> present = new ArrayList<>();
            for (String f : FEATURES) {
                if (flags.contains(" " + f + " ")) {
                    present.add(f);
                }
            }
            String name = model == null ? arch : model.replaceAll("\\s+", " ");
            return present.isEmpty() ? name : name + " [" + String.join(" ", present) + "]";
        } catch (IOException | RuntimeException e) {
            return arch;
        }
    }
}
