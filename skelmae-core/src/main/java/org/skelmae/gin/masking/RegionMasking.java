package org.skelmae.gin.masking;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.skelmae.data.BodyRegions;
import org.skelmae.problem.ConfigurationException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Which joints the graph SkeletonMAE hides in a sample (docs/method.md, "Body-region masking"): the same
 * joints in every frame and for every person of the sample. Written as text in configs and suites:
 * <ul>
 *   <li>{@code regions:right_arm,right_leg}: always these regions (names or V0..V5); the paper's headline
 *       setting is {V3, V5}, its single-region ablation {V3};</li>
 *   <li>{@code random-regions:1-2}: k regions, k uniform in the range, the regions uniform without
 *       replacement (the paper's text, whose distribution it leaves open);</li>
 *   <li>{@code random-joints:9} or {@code random-joints:0.5}: that many joints, or that share of the
 *       layout's joints rounded, uniform without replacement (the paper's Table 5b comparison).</li>
 * </ul>
 */
public final class RegionMasking {

    /** The paper's headline choice: right arm and right leg. */
    public static final RegionMasking PAPER = parse("regions:right_arm,right_leg");

    private enum Kind { REGIONS, RANDOM_REGIONS, RANDOM_JOINTS }

    private final Kind kind;
    private final int[] regions;
    private final int minRegions;
    private final int maxRegions;
    private final double joints;

    private RegionMasking(Kind kind, int[] regions, int minRegions, int maxRegions, double joints) {
        this.kind = kind;
        this.regions = regions;
        this.minRegions = minRegions;
        this.maxRegions = maxRegions;
        this.joints = joints;
    }

    /** Parses the text form; the message of a failure lists the accepted forms. */
    @JsonCreator
    public static RegionMasking parse(String text) {
        String t = text == null ? "" : text.trim();
        int colon = t.indexOf(':');
        String kind = colon < 0 ? t : t.substring(0, colon);
        String arg = colon < 0 ? "" : t.substring(colon + 1).trim();
        try {
            switch (kind) {
                case "regions" -> {
                    int[] r = Arrays.stream(arg.split(",")).mapToInt(BodyRegions::index).distinct().sorted().toArray();
                    if (r.length == BodyRegions.NAMES.size()) {
                        throw new IllegalArgumentException("masking every region leaves nothing visible");
                    }
                    return new RegionMasking(Kind.REGIONS, r, 0, 0, 0);
                }
                case "random-regions" -> {
                    String[] range = arg.split("-");
                    int lo = Integer.parseInt(range[0].trim());
                    int hi = range.length > 1 ? Integer.parseInt(range[1].trim()) : lo;
                    if (range.length > 2 || lo < 1 || hi < lo || hi >= BodyRegions.NAMES.size()) {
                        throw new IllegalArgumentException("the range must be k or k1-k2 with 1 <= k1 <= k2 <= 5");
                    }
                    return new RegionMasking(Kind.RANDOM_REGIONS, new int[0], lo, hi, 0);
                }
                case "random-joints" -> {
                    double j = Double.parseDouble(arg);
                    boolean ratio = arg.contains(".");
                    if (ratio ? !(j > 0 && j < 1) : j < 1 || j != Math.rint(j)) {
                        throw new IllegalArgumentException("expected a joint count >= 1 or a share between 0 and 1 such as 0.5");
                    }
                    return new RegionMasking(Kind.RANDOM_JOINTS, new int[0], 0, 0, j);
                }
                default -> throw new IllegalArgumentException("unknown kind '" + kind + "'");
            }
        } catch (IllegalArgumentException | ConfigurationException e) {
            // the checks above, Integer.parseInt's NumberFormatException and BodyRegions.index's unknown names
            throw new ConfigurationException("region masking '" + text + "': " + e.getMessage()
                    + "; expected regions:<name>,<name> (head, torso, left_arm, right_arm, left_leg, right_leg or V0..V5),"
                    + " random-regions:<k>[-<k2>] or random-joints:<count or share>", e);
        }
    }

    /** True unless the policy draws single joints ({@code random-joints}), which needs no regions. */
    public boolean needsRegions() {
        return kind != Kind.RANDOM_JOINTS;
    }

    /**
     * Draws the masked joints of one sample.
     *
     * @param regions the layout's regions (unused by {@code random-joints})
     * @param count   the layout's joint count V
     * @return V flags, true where the joint is masked
     * @throws ConfigurationException when the draw would hide every joint or none (a count that does not fit the layout)
     */
    public boolean[] draw(BodyRegions regions, int count, SplittableRandom rng) {
        boolean[] masked = new boolean[count];
        switch (kind) {
            case REGIONS -> mark(masked, regions, this.regions);
            case RANDOM_REGIONS -> {
                int k = minRegions + rng.nextInt(maxRegions - minRegions + 1);
                mark(masked, regions, Arrays.copyOf(shuffled(BodyRegions.NAMES.size(), rng), k));
            }
            case RANDOM_JOINTS -> {
                int k = joints < 1 ? (int) Math.round(joints * count) : (int) joints;
                if (k < 1 || k >= count) {
                    throw new ConfigurationException("region masking '" + this + "' hides " + k + " of " + count
                            + " joints; at least one must be hidden and one stay visible");
                }
                for (int j : Arrays.copyOf(shuffled(count, rng), k)) {
                    masked[j] = true;
                }
            }
        }
        return masked;
    }

    private static void mark(boolean[] masked, BodyRegions regions, int[] chosen) {
        for (int r : chosen) {
            for (int j : regions.joints(r)) {
                masked[j] = true;
            }
        }
    }

    /** A uniform permutation of 0..n-1 (Fisher-Yates). */
    private static int[] shuffled(int n, SplittableRandom rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** The text form, as {@link #parse} reads it. */
    @JsonValue
    @Override
    public String toString() {
        return switch (kind) {
            case REGIONS -> {
                List<String> names = new ArrayList<>();
                for (int r : regions) {
                    names.add(BodyRegions.NAMES.get(r));
                }
                yield "regions:" + String.join(",", names);
            }
            case RANDOM_REGIONS -> "random-regions:" + minRegions + (maxRegions == minRegions ? "" : "-" + maxRegions);
            case RANDOM_JOINTS -> "random-joints:" + (joints < 1 ? String.format(Locale.ROOT, "%s", joints) : Integer.toString((int) joints));
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RegionMasking m && m.toString().equals(toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }
}
