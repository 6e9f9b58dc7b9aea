package org.skelmae.data;

import org.skelmae.data.ntu.NtuSampleName;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Recovers sample attributes from a sample name, for data imported from arrays. */
public final class SampleAttributes {

    private static final Pattern UCLA = Pattern.compile("a(\\d{2})_s(\\d{2})_e(\\d{2})_v(\\d{2})");

    private SampleAttributes() {
    }

    /**
     * NTU names give setup, camera, performer, replication and action; NW-UCLA names give action,
     * subject, episode and view; other names give only the part of the file they came from.
     */
    public static Map<String, String> fromName(String name, String part) {
        Map<String, String> a = new LinkedHashMap<>();
        try {
            a.putAll(NtuSampleName.parse(name).attributes());
        } catch (IllegalArgumentException notNtu) {
            Matcher m = UCLA.matcher(name);
            if (m.matches()) {
                a.put("action", Integer.toString(Integer.parseInt(m.group(1))));
                a.put("subject", Integer.toString(Integer.parseInt(m.group(2))));
                a.put("episode", Integer.toString(Integer.parseInt(m.group(3))));
                a.put("view", Integer.toString(Integer.parseInt(m.group(4))));
            }
        }
        a.put("part", part);
        return a;
    }
}
