package org.skelmae.evaluation;

import org.skelmae.util.AtomicFiles;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Per-sample outputs of a classifier on a set of samples: the dataset index, the label and the logits of
 * every sample, in evaluation order. Every classifier run saves them for its best and last checkpoints
 * ({@code predictions-best.csv}, {@code predictions-last.csv}) so that paired comparisons between runs on
 * the same test samples (the bootstrap of the suite statistics) and any later analysis need no re-evaluation.
 *
 * <p>File format: a CSV header {@code sample,label,predicted,logit_0,...,logit_<K-1>}, then one line per
 * sample; logits are written with 9 significant digits (float32 round-trips).
 *
 * @param samples dataset indices
 * @param labels  true labels
 * @param logits  logits[i][class]
 */
public record Predictions(int[] samples, int[] labels, float[][] logits) {

    public Predictions {
        if (samples.length != labels.length || samples.length != logits.length) {
            throw new IllegalArgumentException("predictions: " + samples.length + " samples, " + labels.length + " labels and "
                    + logits.length + " logit rows must be as many");
        }
    }

    /** Number of samples. */
    public int size() {
        return samples.length;
    }

    /** The predicted class of sample i (highest logit, the first on ties). */
    public int predicted(int i) {
        float[] row = logits[i];
        int best = 0;
        for (int c = 1; c < row.length; c++) {
            if (row[c] > row[best]) {
                best = c;
            }
        }
        return best;
    }

    /** Whether each sample was classified correctly, in sample order. */
    public boolean[] correct() {
        boolean[] ok = new boolean[size()];
        for (int i = 0; i < ok.length; i++) {
            ok[i] = predicted(i) == labels[i];
        }
        return ok;
    }

    /** Top-1 accuracy. */
    public double top1() {
        int n = 0;
        for (boolean b : correct()) {
            n += b ? 1 : 0;
        }
        return size() == 0 ? 0 : n / (double) size();
    }

    /** Writes the CSV atomically. */
    public void write(Path file) throws IOException {
        AtomicFiles.write(file, out -> {
            StringBuilder sb = new StringBuilder("sample,label,predicted");
            int k = logits.length == 0 ? 0 : logits[0].length;
            for (int c = 0; c < k; c++) {
                sb.append(",logit_").append(c);
            }
            sb.append('\n');
            for (int i = 0; i < size(); i++) {
                sb.append(samples[i]).append(',').append(labels[i]).append(',').append(predicted(i));
                for (float v : logits[i]) {
                    sb.append(',').append(String.format(Locale.ROOT, "%.9g", v));
                }
                sb.append('\n');
                if (sb.length() > 1 << 16) {
                    out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
                    sb.setLength(0);
                }
            }
            out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        });
    }

    /** Reads a file written by {@link #write}; a malformed line fails naming file and line. */
    public static Predictions read(Path file) throws IOException {
        List<int[]> ids = new ArrayList<>();
        List<float[]> rows = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = r.readLine();
            if (header == null || !header.startsWith("sample,label,predicted")) {
                throw new IOException(file + ":1: expected the header 'sample,label,predicted,logit_0,...'");
            }
            int k = header.split(",").length - 3;
            String line;
            int no = 1;
            while ((line = r.readLine()) != null) {
                no++;
                String[] f = line.split(",");
                if (f.length != k + 3) {
                    throw new IOException(file + ":" + no + ": expected " + (k + 3) + " comma-separated fields, found " + f.length);
                }
                try {
                    float[] row = new float[k];
                    for (int c = 0; c < k; c++) {
                        row[c] = Float.parseFloat(f[3 + c]);
                    }
                    ids.add(new int[]{Integer.parseInt(f[0]), Integer.parseInt(f[1])});
                    rows.add(row);
                } catch (NumberFormatException e) {
                    throw new IOException(file + ":" + no + ": not a number: " + e.getMessage(), e);
                }
            }
        }
        int n = ids.size();
        int[] samples = new int[n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            samples[i] = ids.get(i)[0];
            labels[i] = ids.get(i)[1];
        }
        return new Predictions(samples, labels, rows.toArray(new float[0][]));
    }
}
