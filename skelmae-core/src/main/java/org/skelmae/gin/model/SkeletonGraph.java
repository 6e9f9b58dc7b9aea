package org.skelmae.gin.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.skelmae.data.JointLayout;

/**
 * The per-frame skeleton graph of a joint layout (docs/method.md, "The graph family"): the joints are the
 * nodes, the bones undirected edges with weight 1, no self-loops and no normalisation. A GIN layer with
 * ε = 0 sums a node with its neighbours, which is a product with {@link #aggregation()} = I + A.
 */
public final class SkeletonGraph {

    private final JointLayout layout;
    private final boolean[][] adjacency;

    public SkeletonGraph(JointLayout layout) {
        this.layout = layout;
        int v = layout.joints();
        adjacency = new boolean[v][v];
        for (int[] bone : layout.bones()) {
            if (bone[0] != bone[1]) {
                adjacency[bone[0]][bone[1]] = true;
                adjacency[bone[1]][bone[0]] = true;
            }
        }
    }

    public JointLayout layout() {
        return layout;
    }

    /** Nodes per graph: the layout's joint count V. */
    public int nodes() {
        return layout.joints();
    }

    /** True when joints i and j share a bone. */
    public boolean connected(int i, int j) {
        return adjacency[i][j];
    }

    /** Neighbours of node i. */
    public int degree(int i) {
        int d = 0;
        for (boolean a : adjacency[i]) {
            d += a ? 1 : 0;
        }
        return d;
    }

    /** (1 + ε)·I + A with ε = 0, as a (V, V) array of the given type. */
    public INDArray aggregation(DataType dtype) {
        int v = nodes();
        double[][] m = new double[v][v];
        for (int i = 0; i < v; i++) {
            m[i][i] = 1;
            for (int j = 0; j < v; j++) {
                if (adjacency[i][j]) {
                    m[i][j] = 1;
                }
            }
        }
        return Nd4j.createFromArray(m).castTo(dtype);
    }
}
