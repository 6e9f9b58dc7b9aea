package org.skelmae.model;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Map;

/**
 * Training-mode BatchNorm over (N, C, H, W) as two ND4J kernels, {@code moments} for the batch statistics
 * and {@code batchnorm} for the normalisation, with the backward pass written out (docs/performance.md,
 * "What we changed"): with x̂ = (x − μ)/σ, M = N·H·W, Σ over (N, H, W),
 * <pre>
 *   dβ = Σ dy,   dγ = Σ dy·x̂,   dx = γ/σ · (dy − dβ/M − x̂·dγ/M)
 * </pre>
 * evaluated as dx = A·dy + B·x + C with per-channel A, B, C. SameDiff's derived backward of the same
 * normalisation written out in elementary ops runs about twenty element-wise and reduction passes over the
 * activation; this runs nine (two of them copies that {@code reshape} makes), and keeps only x from the
 * forward pass.
 */
final class BatchNormOps {

    private BatchNormOps() {
    }

    /**
     * @param spatial H·W
     * @return y (N, C, H, W), and the batch mean and (biased) variance (C)
     */
    static SDVariable[] apply(SameDiff sd, SDVariable x, long spatial, SDVariable gamma, SDVariable beta, double epsilon) {
        SDVariable[] stats = new Moments(sd, x).outputVariables();
        SDVariable y = new Normalize(sd, x, spatial, stats[0], stats[1], gamma, beta, epsilon).outputVariable();
        return new SDVariable[]{y, stats[0], stats[1]};
    }

    /**
     * Per-channel mean and variance over (0, 2, 3). Its backward is empty: the normalisation's written
     * backward already carries the statistics' part of the gradient.
     */
    public static final class Moments extends HostedOp {
        public Moments() {
        }

        Moments(SameDiff sd, SDVariable x) {
            super(sd, x);
            addIArgument(0, 2, 3);
        }

        @Override
        String kernel() {
            return "moments";
        }

        @Override
        public String opName() {
            return "skelmae_batch_moments";
        }

        @Override
        public List<DataType> calculateOutputDataTypes(List<DataType> inputTypes) {
            return List.of(inputTypes.get(0), inputTypes.get(0));
        }

        @Override
        public List<SDVariable> doDiff(List<SDVariable> grads) {
            return List.of();
        }
    }

    /** (x − μ) γ / sqrt(σ² + ε) + β per channel of axis 1, with the full BatchNorm gradient to x, γ and β. */
    public static final class Normalize extends HostedOp {
        private long spatial;

        public Normalize() {
        }

        Normalize(SameDiff sd, SDVariable x, long spatial, SDVariable mean, SDVariable var, SDVariable gamma, SDVariable beta,
                  double epsilon) {
            super(sd, x, mean, var, gamma, beta);
            this.spatial = spatial;
            addIArgument(1, 1, 1);      // apply γ, apply β, channel axis 1
            addTArgument(epsilon);
        }

        @Override
        String kernel() {
            return "batchnorm";
        }

        @Override
        public String opName() {
            return "skelmae_batch_norm";
        }

        @Override
        public Map<String, Object> propertiesForFunction() {
            return Map.of("spatial", spatial);
        }

        @Override
        public void setPropertiesForFunction(Map<String, Object> properties) {
            spatial = ((Number) properties.get("spatial")).longValue();
        }

        @Override
        public List<SDVariable> doDiff(List<SDVariable> grads) {
            SDVariable dy = grads.get(0);
            SDVariable x = arg(0);
            SDVariable mean = arg(1);
            SDVariable gamma = arg(3);
            SDVariable inverseStd = sameDiff.math().rsqrt(arg(2).add(getTArgument(0)));
            int channels = (int) gamma.getShape()[0];

            // per-sample channel sums (N, C) of dy and dy·x; Σ over the batch and mean over the M = N·H·W positions
            SDVariable sumsDy = channelSums(dy, channels);
            SDVariable sumsDyX = channelSums(dy.mul(x), channels);
            SDVariable sumDy = sameDiff.sum(sumsDy, 0);
            SDVariable dGamma = sameDiff.sum(sumsDyX, 0).sub(mean.mul(sumDy)).mul(inverseStd);
            SDVariable meanDy = sameDiff.mean(sumsDy, 0).div(spatial);
            SDVariable meanDyXhat = sameDiff.mean(sumsDyX, 0).div(spatial).sub(mean.mul(meanDy)).mul(inverseStd);

            SDVariable a = gamma.mul(inverseStd);
            SDVariable b = a.mul(inverseStd).mul(meanDyXhat).neg();
            SDVariable c = a.mul(meanDy).add(b.mul(mean)).neg();
            SDVariable dx = dy.mul(perChannel(a)).add(x.mul(perChannel(b)).add(perChannel(c)));

            SDVariable zero = sameDiff.constant(Nd4j.scalar(x.dataType(), 0));
            return List.of(dx, zero, zero, dGamma, sumDy);
        }

        /**
         * Σ over H·W of v (N, C, H, W), as (N, C): a matrix-vector product of the (N·C, H·W) view with a column
         * of ones. On a 32×64×10×75 map ND4J 1.0.0-M2.1 takes 0.3 ms for the reshape's copy and 0.4-0.5 ms for
         * the product, against 1.0-1.4 ms for its reductions over the same positions.
         */
        private SDVariable channelSums(SDVariable v, int channels) {
            SDVariable ones = sameDiff.constant(Nd4j.ones(v.dataType(), spatial, 1));
            return sameDiff.mmul(v.reshape(-1, spatial), ones).reshape(-1, channels);
        }

        private static SDVariable perChannel(SDVariable v) {
            return v.reshape(1, -1, 1, 1);
        }
    }
}
