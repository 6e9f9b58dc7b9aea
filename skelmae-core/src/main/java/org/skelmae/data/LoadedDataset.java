package org.skelmae.data;

import org.skelmae.data.split.Split;

/**
 * A dataset together with the benchmark split it is used under.
 *
 * @param dataset the samples
 * @param split   the train/test partition
 */
public record LoadedDataset(SkeletonDataset dataset, Split split) {
}
