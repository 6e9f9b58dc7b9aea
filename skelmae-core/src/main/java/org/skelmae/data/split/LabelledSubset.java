package org.skelmae.data.split;

import org.skelmae.data.SkeletonDataset;
import org.skelmae.util.Sha256;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The labelled part of a training split for semi-supervised fine-tuning (docs/method.md, "Inputs and preprocessing"):
 * per class c,
 * {@code round(p · n_c)} samples drawn without replacement (Python's round, half to even), concatenated
 * and sorted. Stratified and seeded, unlike MAMP's global permutation.
 *
 * @param split    name of the split it was drawn from
 * @param fraction p
 * @param seed     the seed of the draw
 * @param indices  dataset indices, ascending
 * @param perClass samples per class label (as strings, for JSON)
 */
public record LabelledSubset(String split, double fraction, long seed, int[] indices, Map<String, Integer> perClass) {

    public LabelledSubset {
        indices = indices.clone();
        Arrays.sort(indices);
        perClass = Map.copyOf(new TreeMap<>(perClass));
    }

    /**
     * Draws the subset.
     *
     * @param split    the split whose training part is sampled
     * @param fraction p in (0, 1]
     */
    public static LabelledSubset draw(SkeletonDataset d, Split split, double fraction, long seed) {
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("label fraction must be in (0, 1], got " + fraction);
        }
        int classes = d.numClasses();
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            byClass.add(new ArrayList<>());
        }
        for (int i : split.train()) {
            byClass.get(d.info(i).label()).add(i);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        List<Integer> chosen = new ArrayList<>();
        Map<String, Integer> counts = new TreeMap<>();
        for (int c = 0; c < classes; c++) {
            List<Integer> idx = byClass.get(c);
            int k = (int) Math.rint(fraction * idx.size());
            // partial Fisher-Yates: the first k positions become a uniform sample without replacement
            for (int i = 0; i < k; i++) {
                int j = i + rng.nextInt(idx.size() - i);
                Integer t = idx.get(i);
                idx.set(i, idx.get(j));
                idx.set(j, t);
                chosen.add(idx.get(i));
            }
            if (!idx.isEmpty()) {
                counts.put(Integer.toString(c), k);
            }
        }
        return new LabelledSubset(split.name(), fraction, seed, chosen.stream().mapToInt(Integer::intValue).toArray(), counts);
    }

    /** Per-class counts keyed by label (as strings, sorted numerically by the JSON writer's key order). */
    public Map<String, Integer> perClassCounts() {
        return perClass;
    }

    /** SHA-256 of split, fraction, seed and indices. */
    public String sha256() {
        return Sha256.hex("subset " + split + "\nfraction " + fraction + "\nseed " + seed + "\nindices " + Split.join(indices) + "\n");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelledSubset s && split.equals(s.split) && fraction == s.fraction && seed == s.seed
                && Arrays.equals(indices, s.indices);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(indices) * 31 + Long.hashCode(seed);
    }
}
