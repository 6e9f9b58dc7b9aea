package org.skelmae.data.ntu;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fields of an NTU RGB+D sample name {@code SsssCcccPpppRrrrAaaa}: setup (1-32), camera (1-3),
 * performer (1-106), replication (1-2) and action (1-120). The class label is {@code action - 1}.
 */
public record NtuSampleName(String name, int setup, int camera, int performer, int replication, int action) {

    private static final Pattern PATTERN = Pattern.compile("S(\\d{3})C(\\d{3})P(\\d{3})R(\\d{3})A(\\d{3})");

    /**
     * Parses a sample name or a file name ending in {@code .skeleton}.
     *
     * @throws IllegalArgumentException naming what was expected when the name does not fit
     */
    public static NtuSampleName parse(String fileName) {
        String base = fileName.endsWith(".skeleton") ? fileName.substring(0, fileName.length() - 9) : fileName;
        Matcher m = PATTERN.matcher(base);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + fileName + "' is not an NTU sample name: expected "
                    + "SsssCcccPpppRrrrAaaa[.skeleton] with three digits per field, e.g. S001C002P003R002A013");
        }
        NtuSampleName n = new NtuSampleName(base, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)));
        check(fileName, "setup", n.setup, 1, 32);
        check(fileName, "camera", n.camera, 1, 3);
        check(fileName, "performer", n.performer, 1, 106);
        check(fileName, "replication", n.replication, 1, 2);
        check(fileName, "action", n.action, 1, 120);
        return n;
    }

    private static void check(String file, String field, int value, int lo, int hi) {
        if (value < lo || value > hi) {
            throw new IllegalArgumentException("'" + file + "': " + field + " " + value + " is outside " + lo + ".." + hi);
        }
    }

    /** 0-based class label. */
    public int label() {
        return action - 1;
    }

    /** True for samples of NTU RGB+D 60 (setups 1-17, actions 1-60). */
    public boolean inNtu60() {
        return setup <= 17 && action <= 60;
    }

    /** The fields as sample attributes. */
    public Map<String, String> attributes() {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("setup", Integer.toString(setup));
        a.put("camera", Integer.toString(camera));
        a.put("performer", Integer.toString(performer));
        a.put("replication", Integer.toString(replication));
        a.put("action", Integer.toString(action));
        return a;
    }
}
