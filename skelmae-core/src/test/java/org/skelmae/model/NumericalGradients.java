package org.skelmae.model;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Compares SameDiff's analytic gradients of the loss with central differences, on up to {@code perParam}
 * randomly chosen entries of every trainable variable (double precision).
 */
public final class NumericalGradients {

    private NumericalGradients() {
    }

    /** Failures as "name[index]: analytic a, numerical n" lines; empty when everything agrees. */
    public static List<String> check(SameDiff sd, String loss, Map<String, INDArray> ph, Set<String> skip, int perParam,
                              double eps, double maxRelError, double minAbsError) {
        List<String> names = new ArrayList<>();
        for (SDVariable v : sd.variables()) {
            if (v.getVariableType() == VariableType.VARIABLE && !skip.contains(v.name())) {
                names.add(v.name());
            }
        }
        Map<String, INDArray> analytic = sd.calculateGradients(ph, names);
        SplittableRandom rng = new SplittableRandom(42);
        List<String> failures = new ArrayList<>();
        for (String name : names) {
            INDArray p = sd.getArrForVarName(name);
            INDArray flat = p.reshape(p.length());
            INDArray grad = analytic.get(name).reshape(p.length());
            int n = (int) Math.min(perParam, p.length());
            for (int k = 0; k < n; k++) {
                long i = p.length() <= perParam ? k : rng.nextLong(p.length());
                double orig = flat.getDouble(i);
                flat.putScalar(i, orig + eps);
                double plus = sd.output(ph, loss).get(loss).getDouble(0);
                flat.putScalar(i, orig - eps);
                double minus = sd.output(ph, loss).get(loss).getDouble(0);
                flat.putScalar(i, orig);
                double numerical = (plus - minus) / (2 * eps);
                double a = grad.getDouble(i);
                double abs = Math.abs(a - numerical);
                double rel = abs / Math.max(Math.abs(a), Math.abs(numerical));
                if (abs > minAbsError && rel > maxRelError) {
                    failures.add(String.format("%s[%d]: analytic %.8g, numerical %.8g", name, i, a, numerical));
                }
            }
        }
        return failures;
    }
}
