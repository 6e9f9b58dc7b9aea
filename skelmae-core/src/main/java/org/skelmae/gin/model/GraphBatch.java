package org.skelmae.gin.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A mini-batch as the graph family sees it: every person-frame is one graph, in (person, sample, frame)
 * order. Pre-training leaves out the empty ones (an absent second person, padding); fine-tuning keeps
 * every one, so person p's graphs are the p-th block of N·T. Node rows are joint-major, row v·G + g being
 * joint v of graph g, with the coordinates (R, 3) and a mask column (R, 1) that is 1 on the joints the
 * sample's masking hides (the same joints in every frame and for both persons of a sample), when the
 * batch is masked.
 */
public final class GraphBatch implements AutoCloseable {

    public static final String COORDS = "gin.coords";
    public static final String MASK = "gin.mask";

    private final Map<String, INDArray> placeholders = new LinkedHashMap<>();
    private final int graphs;
    private final int nodes;
    private final int[] sampleOfGraph;

    /**
     * @param x         the batch (N, 3, T, V, M)
     * @param masked    per sample, V flags (true: hidden); null hides nothing (fine-tuning, features)
     * @param keepEmpty keep the person-frames without a body (fine-tuning) instead of leaving them out
     */
    public GraphBatch(INDArray x, boolean[][] masked, boolean keepEmpty, DataType dtype) {
        long[] s = x.shape();
        int n = (int) s[0];
        int t = (int) s[2];
        int v = (int) s[3];
        int m = (int) s[4];
        // doubles, so a double-precision batch (the parity tests) keeps every digit
        double[] in = x.dup('c').data().asDouble();
        int[] graphOf = new int[n * m * t];
        int count = 0;
        for (int p = 0; p < m; p++) {
            for (int b = 0; b < n; b++) {
                for (int f = 0; f < t; f++) {
                    graphOf[(p * n + b) * t + f] = keepEmpty || nonEmpty(in, b, f, p, t, v, m) ? count++ : -1;
                }
            }
        }
        if (count == 0) {
            throw new IllegalArgumentException("a batch of " + n + " samples holds no non-empty person-frame");
        }
        this.graphs = count;
        this.nodes = v;
        this.sampleOfGraph = new int[count];
        double[] coords = new double[v * count * 3];
        float[] mask = new float[v * count];
        for (int p = 0; p < m; p++) {
            for (int b = 0; b < n; b++) {
                for (int f = 0; f < t; f++) {
                    int g = graphOf[(p * n + b) * t + f];
                    if (g < 0) {
                        continue;
                    }
                    sampleOfGraph[g] = b;
                    for (int j = 0; j < v; j++) {
                        int row = j * count + g;
                        for (int c = 0; c < 3; c++) {
                            coords[row * 3 + c] = in[index(b, c, f, j, p, t, v, m)];
                        }
                        mask[row] = masked != null && masked[b][j] ? 1 : 0;
                    }
                }
            }
        }
        placeholders.put(COORDS, ofType(Nd4j.create(coords, new long[]{(long) v * count, 3}, 'c'), dtype));
        if (masked != null) {
            placeholders.put(MASK, Nd4j.create(mask, new long[]{(long) v * count, 1}, 'c').castTo(dtype));
        }
    }

    private static INDArray ofType(INDArray a, DataType dtype) {
        if (a.dataType() == dtype) {
            return a;
        }
        INDArray c = a.castTo(dtype);
        a.close();
        return c;
    }

    private static int index(int b, int c, int f, int j, int p, int t, int v, int m) {
        return (((b * 3 + c) * t + f) * v + j) * m + p;
    }

    private static boolean nonEmpty(double[] in, int b, int f, int p, int t, int v, int m) {
        for (int c = 0; c < 3; c++) {
            for (int j = 0; j < v; j++) {
                if (in[index(b, c, f, j, p, t, v, m)] != 0) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The placeholder name of the dropout mask on the input of GIN layer {@code layer} (the decoder's is last). */
    public static String dropout(int layer) {
        return "gin.dropout." + layer;
    }

    /**
     * Adds inverted-dropout masks (0 or 1/(1 − p)) for the inputs of the GIN layers, drawn from
     * {@code rng} so a seeded step draws the same masks again.
     *
     * @param widths the input width of each layer, in order
     */
    public void addDropout(double p, int[] widths, SplittableRandom rng, DataType dtype) {
        float keep = (float) (1 / (1 - p));
        for (int l = 0; l < widths.length; l++) {
            float[] d = new float[rows() * widths[l]];
            for (int i = 0; i < d.length; i++) {
                d[i] = rng.nextDouble() < p ? 0f : keep;
            }
            placeholders.put(dropout(l), Nd4j.create(d, new long[]{rows(), widths[l]}, 'c').castTo(dtype));
        }
    }

    /** Non-empty person-frames G. */
    public int graphs() {
        return graphs;
    }

    /** Node rows R = V·G (the rows BatchNorm sees). */
    public int rows() {
        return nodes * graphs;
    }

    /** The sample each graph came from. */
    public int sampleOf(int graph) {
        return sampleOfGraph[graph];
    }

    public Map<String, INDArray> placeholders() {
        return placeholders;
    }

    @Override
    public void close() {
        placeholders.values().forEach(a -> {
            if (!a.wasClosed() && a.closeable()) {
                a.close();
            }
        });
    }
}
