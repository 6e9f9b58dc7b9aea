package org.skelmae.data.split;

import org.skelmae.data.SampleInfo;
import org.skelmae.data.SkeletonDataset;

import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.IntStream;

/**
 * The official benchmark protocols (docs/method.md, "Inputs and preprocessing") as rules on sample attributes. A rule
 * only partitions;
 * which samples belong to the dataset at all (e.g. NTU-60 = setups 1-17, actions 1-60) is decided when
 * the dataset is read.
 */
public enum SplitRule {

    /** NTU-60 cross-subject: 20 training performers. */
    NTU60_XSUB("ntu60-xsub", s -> Subjects.NTU60_TRAIN.contains(s.intAttribute("performer"))),
    /** NTU-60 cross-view: cameras 2 and 3 train, camera 1 test. */
    NTU60_XVIEW("ntu60-xview", s -> s.intAttribute("camera") != 1),
    /** NTU-120 cross-subject: 53 training performers. */
    NTU120_XSUB("ntu120-xsub", s -> Subjects.NTU120_TRAIN.contains(s.intAttribute("performer"))),
    /** NTU-120 cross-setup: even setup IDs train. */
    NTU120_XSET("ntu120-xset", s -> s.intAttribute("setup") % 2 == 0),
    /** NW-UCLA cross-view: views 1 and 2 train, view 3 test. */
    NWUCLA_XVIEW("nwucla-xview", s -> s.intAttribute("view") != 3);

    private final String id;
    private final Predicate<SampleInfo> isTrain;

    SplitRule(String id, Predicate<SampleInfo> isTrain) {
        this.id = id;
        this.isTrain = isTrain;
    }

    /** The protocol name used on the command line. */
    public String id() {
        return id;
    }

    public boolean isTrain(SampleInfo s) {
        return isTrain.test(s);
    }

    /** Partitions a dataset. */
    public Split apply(SkeletonDataset d) {
        int[] train = IntStream.range(0, d.size()).filter(i -> isTrain(d.info(i))).toArray();
        int[] test = IntStream.range(0, d.size()).filter(i -> !isTrain(d.info(i))).toArray();
        return new Split(id, train, test);
    }

    /** The rule with that protocol name, or null. */
    public static SplitRule byId(String id) {
        for (SplitRule r : values()) {
            if (r.id.equals(id)) {
                return r;
            }
        }
        return null;
    }

    /** Training performers of the cross-subject protocols. */
    static final class Subjects {
        static final Set<Integer> NTU60_TRAIN = Set.of(1, 2, 4, 5, 8, 9, 13, 14, 15, 16, 17, 18, 19, 25, 27, 28, 31, 34,
                35, 38);
        static final Set<Integer> NTU120_TRAIN = Set.of(1, 2, 4, 5, 8, 9, 13, 14, 15, 16, 17, 18, 19, 25, 27, 28, 31,
                34, 35, 38, 45, 46, 47, 49, 50, 52, 53, 54, 55, 56, 57, 58, 59, 70, 74, 78, 80, 81, 82, 83, 84, 85, 86,
                89, 91, 92, 93, 94, 95, 97, 98, 100, 103);

        private Subjects() {
        }
    }
}
