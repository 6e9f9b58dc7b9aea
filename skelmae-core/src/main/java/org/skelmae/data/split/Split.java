package org.skelmae.data.split;

import org.skelmae.util.Sha256;

import java.util.Arrays;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A named train/test partition of a dataset, as sorted sample indices.
 *
 * @param name  e.g. {@code ntu60-xsub}, {@code nwucla-xview}, {@code npz}
 * @param train training sample indices, ascending
 * @param test  test sample indices, ascending
 */
public record Split(String name, int[] train, int[] test) {

    public Split {
        Objects.requireNonNull(name);
        train = train.clone();
        test = test.clone();
        Arrays.sort(train);
        Arrays.sort(test);
    }

    /** SHA-256 of the name and both index lists; stable across runs and machines. */
    public String sha256() {
        return Sha256.hex("split " + name + "\ntrain " + join(train) + "\ntest " + join(test) + "\n");
    }

    static String join(int[] idx) {
        return Arrays.stream(idx).mapToObj(Integer::toString).collect(Collectors.joining(","));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Split s && name.equals(s.name) && Arrays.equals(train, s.train) && Arrays.equals(test, s.test);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, Arrays.hashCode(train), Arrays.hashCode(test));
    }

    @Override
    public String toString() {
        return name + " (" + train.length + " train / " + test.length + " test)";
    }
}
