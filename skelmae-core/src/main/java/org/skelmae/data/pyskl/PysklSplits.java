package org.skelmae.data.pyskl;

import org.skelmae.data.SkeletonDataException;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Which two of a PYSKL pickle's named splits are the training and the test set. PYSKL names them
 * {@code <protocol>_train} and {@code <protocol>_val} (NTU: {@code xsub}, {@code xview}, {@code xset}),
 * or plainly {@code train} and {@code val} / {@code test} (FineGym, Diving48).
 */
final class PysklSplits {

    private PysklSplits() {
    }

    /**
     * @param protocol the prefix the user chose, or null
     * @return {train split, test split}
     * @throws SkeletonDataException naming the splits the file has when the choice is missing or ambiguous
     */
    static String[] choose(Set<String> names, String protocol, String src) {
        if (protocol != null) {
            String[] pair = pair(names, protocol + "_");
            if (pair == null) {
                throw new SkeletonDataException(src, 0, "no splits '" + protocol + "_train' and '" + protocol
                        + "_val' (or '_test'); the file has " + names + ": choose with pyskl:<file>#<prefix>, one of " + prefixes(names));
            }
            return pair;
        }
        String[] plain = pair(names, "");
        if (plain != null) {
            return plain;
        }
        List<String> prefixes = prefixes(names);
        if (prefixes.size() == 1) {
            return pair(names, prefixes.get(0) + "_");
        }
        throw new SkeletonDataException(src, 0, prefixes.isEmpty()
                ? "no train/test pair among the splits " + names + " (expected train with val or test, or <prefix>_train with <prefix>_val)"
                : "the file has the split protocols " + prefixes + ": choose one with pyskl:<file>#<prefix>, e.g. #" + prefixes.get(0));
    }

    private static String[] pair(Set<String> names, String prefix) {
        String train = prefix + "train";
        if (!names.contains(train)) {
            return null;
        }
        for (String test : new String[]{prefix + "val", prefix + "test"}) {
            if (names.contains(test)) {
                return new String[]{train, test};
            }
        }
        return null;
    }

    /** The prefixes p with both p_train and p_val (or p_test), sorted. */
    private static List<String> prefixes(Set<String> names) {
        List<String> out = new ArrayList<>();
        for (String n : new java.util.TreeSet<>(names)) {
            if (n.endsWith("_train") && pair(names, n.substring(0, n.length() - 5)) != null) {
                out.add(n.substring(0, n.length() - 6));
            }
        }
        return out;
    }
}
