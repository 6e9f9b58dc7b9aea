package org.skelmae.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A dataset whose sequences are all held in memory (NW-UCLA, subsets, synthetic data, tests). */
public final class InMemoryDataset implements SkeletonDataset {

    private final String name;
    private final JointLayout layout;
    private final int persons;
    private final List<String> classNames;
    private final List<SkeletonSequence> sequences;
    private final DataFingerprint fingerprint;
    private final List<SkippedFile> skipped;

    public InMemoryDataset(String name, JointLayout layout, int persons, List<String> classNames,
                           List<SkeletonSequence> sequences, DataFingerprint fingerprint, List<SkippedFile> skipped) {
        this.name = Objects.requireNonNull(name);
        this.layout = Objects.requireNonNull(layout);
        this.persons = persons;
        this.classNames = List.copyOf(classNames);
        this.sequences = List.copyOf(sequences);
        this.fingerprint = fingerprint;
        this.skipped = List.copyOf(skipped);
        for (SkeletonSequence s : this.sequences) {
            if (s.joints() != layout.joints() || s.persons() != persons) {
                throw new IllegalArgumentException(s.name() + ": has " + s.persons() + "x" + s.joints()
                        + " joints, the dataset expects " + persons + "x" + layout.joints());
            }
            if (s.label() < 0 || s.label() >= this.classNames.size()) {
                throw new IllegalArgumentException(s.name() + ": label " + s.label() + " is outside 0.."
                        + (this.classNames.size() - 1));
            }
        }
    }

    /** Copies any dataset into memory. */
    public static InMemoryDataset copyOf(SkeletonDataset d) {
        List<SkeletonSequence> all = new ArrayList<>(d.size());
        for (int i = 0; i < d.size(); i++) {
            all.add(d.get(i));
        }
        return new InMemoryDataset(d.name(), d.layout(), d.persons(), d.classNames(), all, d.fingerprint(), d.skipped());
    }

    @Override public String name() { return name; }

    @Override public JointLayout layout() { return layout; }

    @Override public int persons() { return persons; }

    @Override public List<String> classNames() { return classNames; }

    @Override public int size() { return sequences.size(); }

    @Override public SampleInfo info(int index) { return SampleInfo.of(sequences.get(index)); }

    @Override public SkeletonSequence get(int index) { return sequences.get(index); }

    @Override public DataFingerprint fingerprint() { return fingerprint; }

    @Override public List<SkippedFile> skipped() { return skipped; }
}
