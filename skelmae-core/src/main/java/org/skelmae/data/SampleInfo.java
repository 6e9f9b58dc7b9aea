package org.skelmae.data;

import java.util.Map;

/**
 * What is known about one sample without loading its coordinates.
 *
 * @param name           sample name
 * @param label          0-based class index
 * @param frames         valid frames
 * @param bodiesInSource distinct bodies in the raw source
 * @param attributes     dataset-specific fields (setup, camera, performer, view, ...)
 */
public record SampleInfo(String name, int label, int frames, int bodiesInSource, Map<String, String> attributes) {

    /** The info of a loaded sequence. */
    public static SampleInfo of(SkeletonSequence s) {
        return new SampleInfo(s.name(), s.label(), s.frames(), s.bodiesInSource(), s.attributes());
    }

    /** An integer attribute, failing clearly when it is absent. */
    public int intAttribute(String key) {
        String v = attributes.get(key);
        if (v == null) {
            throw new IllegalStateException("sample " + name + " has no attribute '" + key + "' (has " + attributes.keySet() + ")");
        }
        return Integer.parseInt(v);
    }
}
