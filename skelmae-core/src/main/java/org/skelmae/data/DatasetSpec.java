package org.skelmae.data;

import org.skelmae.data.split.SplitRule;
import org.skelmae.problem.ConfigurationException;

import java.nio.file.Path;
import java.util.List;

/**
 * Which dataset and protocol a run uses, as users write it: {@code ntu60-xsub}, {@code ntu60-xview},
 * {@code ntu120-xsub}, {@code ntu120-xset}, {@code nwucla-xview}, {@code npz:<file>},
 * {@code pyskl:<file>[#<split>]} or {@code synthetic}.
 *
 * @param id       the text as given
 * @param kind     which reader
 * @param rule     the split rule (null for the file formats, which carry their splits, and synthetic)
 * @param file     the file of an {@code npz:} or {@code pyskl:} spec
 * @param protocol the named split of a {@code pyskl:} spec ({@code xsub} for {@code xsub_train} /
 *                 {@code xsub_val}); null to let the file's splits decide
 */
public record DatasetSpec(String id, Kind kind, SplitRule rule, Path file, String protocol) {

    /** The readers. */
    public enum Kind {
        /** NTU RGB+D 60: setups 1-17, actions 1-60. */
        NTU60,
        /** NTU RGB+D 120: all setups and actions. */
        NTU120,
        /** Northwestern-UCLA. */
        NWUCLA,
        /** A generic array file. */
        NPZ,
        /** A PYSKL annotation pickle. */
        PYSKL,
        /** The procedurally generated motion dataset shipped in core. */
        SYNTHETIC
    }

    /** Every accepted spec, for error messages and help. */
    public static final List<String> NAMES = List.of("ntu60-xsub", "ntu60-xview", "ntu120-xsub", "ntu120-xset",
            "nwucla-xview", "npz:<file>", "pyskl:<file>[#<split>]", "synthetic");

    /** Parses a spec, naming the accepted ones on failure. */
    public static DatasetSpec parse(String text) {
        if (text == null || text.isBlank()) {
            throw new ConfigurationException("no dataset given: expected one of " + String.join(", ", NAMES));
        }
        String t = text.trim();
        if (t.startsWith("npz:")) {
            String f = t.substring(4);
            if (f.isBlank()) {
                throw new ConfigurationException("'npz:' needs a file, e.g. npz:data/my-dataset.npz");
            }
            return new DatasetSpec(t, Kind.NPZ, null, Path.of(f), null);
        }
        if (t.startsWith("pyskl:")) {
            String f = t.substring(6);
            int hash = f.lastIndexOf('#');
            String protocol = hash < 0 ? null : f.substring(hash + 1);
            f = hash < 0 ? f : f.substring(0, hash);
            if (f.isBlank() || protocol != null && protocol.isBlank()) {
                throw new ConfigurationException("'" + t + "': expected pyskl:<file> or pyskl:<file>#<split>, e.g. pyskl:data/ntu60_hrnet.pkl#xsub");
            }
            return new DatasetSpec(t, Kind.PYSKL, null, Path.of(f), protocol);
        }
        if (t.equals("synthetic")) {
            return new DatasetSpec(t, Kind.SYNTHETIC, null, null, null);
        }
        SplitRule rule = SplitRule.byId(t);
        if (rule == null) {
            throw new ConfigurationException("unknown dataset '" + t + "': expected one of " + String.join(", ", NAMES));
        }
        Kind kind = switch (rule) {
            case NTU60_XSUB, NTU60_XVIEW -> Kind.NTU60;
            case NTU120_XSUB, NTU120_XSET -> Kind.NTU120;
            case NWUCLA_XVIEW -> Kind.NWUCLA;
        };
        return new DatasetSpec(t, kind, rule, null, null);
    }

    @Override
    public String toString() {
        return id;
    }
}
