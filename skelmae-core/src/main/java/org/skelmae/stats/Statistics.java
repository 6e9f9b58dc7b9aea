package org.skelmae.stats;

/**
 * Descriptive statistics and the Student-t distribution, written out so the harness needs no
 * statistics library. Everything is a pure function of its arguments.
 *
 * <p>The t quantile is computed by inverting the t cumulative distribution function, which is
 * expressed through the regularized incomplete beta function (continued fraction, Lentz's method)
 * and the log-gamma function (Lanczos approximation, g = 7). The inversion is a bisection: it is
 * slower than Newton's method but cannot diverge, and a few hundred evaluations cost microseconds.
 */
public final class Statistics {

    /** Two-sided 95%: the upper quantile used for intervals. */
    public static final double UPPER_975 = 0.975;

    private static final double[] LANCZOS = {0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
            -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7};
    private static final double TINY = 1e-300;
    private static final double EPS = 1e-15;

    private Statistics() {
    }

    /** Arithmetic mean, NaN for no values. */
    public static double mean(double[] v) {
        if (v.length == 0) {
            return Double.NaN;
        }
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    /** Sample standard deviation (divisor n − 1), NaN for fewer than two values: one run has no spread to estimate. */
    public static double std(double[] v) {
        if (v.length < 2) {
            return Double.NaN;
        }
        double m = mean(v);
        double s = 0;
        for (double x : v) {
            s += (x - m) * (x - m);
        }
        return Math.sqrt(s / (v.length - 1));
    }

    /**
     * The t-based 95% confidence interval of the mean: mean ± t(0.975, n − 1) · s / √n. Its bounds are NaN
     * for fewer than two values (no spread, no interval), its estimate then the single value or NaN.
     */
    public static ConfidenceInterval meanCi95(double[] v) {
        double m = mean(v);
        if (v.length < 2) {
            return new ConfidenceInterval(m, Double.NaN, Double.NaN, v.length);
        }
        double half = tQuantile(UPPER_975, v.length - 1) * std(v) / Math.sqrt(v.length);
        return new ConfidenceInterval(m, m - half, m + half, v.length);
    }

    /** P(T ≤ t) for Student's t with df degrees of freedom (df &gt; 0, not necessarily an integer). */
    public static double tCdf(double t, double df) {
        requireDf(df);
        if (Double.isNaN(t)) {
            return Double.NaN;
        }
        if (Double.isInfinite(t)) {
            return t > 0 ? 1 : 0;
        }
        // P(|T| > |t|) = I_{df/(df+t²)}(df/2, 1/2); each tail holds half of it
        double tail = 0.5 * regularizedBeta(df / (df + t * t), df / 2, 0.5);
        return t >= 0 ? 1 - tail : tail;
    }

    /** The p quantile of Student's t with df degrees of freedom, for 0 &lt; p &lt; 1; e.g. tQuantile(0.975, 4) ≈ 2.776. */
    public static double tQuantile(double p, double df) {
        requireDf(df);
        if (!(p > 0 && p < 1)) {
            throw new IllegalArgumentException("p must be in (0, 1), got " + p);
        }
        if (p == 0.5) {
            return 0;
        }
        if (p < 0.5) {
            return -tQuantile(1 - p, df); // the distribution is symmetric
        }
        double lo = 0;
        double hi = 1;
        while (tCdf(hi, df) < p) {
            lo = hi;
            hi *= 2;
            if (hi > 1e300) {
                return Double.POSITIVE_INFINITY;
            }
        }
        for (int i = 0; i < 300 && hi - lo > 1e-13 * Math.max(1, hi); i++) {
            double mid = 0.5 * (lo + hi);
            if (tCdf(mid, df) < p) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return 0.5 * (lo + hi);
    }

    /** The regularized incomplete beta function I_x(a, b) for 0 ≤ x ≤ 1, a, b &gt; 0. */
    public static double regularizedBeta(double x, double a, double b) {
        if (!(a > 0 && b > 0) || !(x >= 0 && x <= 1)) {
            throw new IllegalArgumentException("regularizedBeta needs a, b > 0 and x in [0, 1], got x=" + x + " a=" + a + " b=" + b);
        }
        if (x == 0 || x == 1) {
            return x;
        }
        double front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x));
        // the continued fraction converges fast only below the mean of the distribution; use symmetry above it
        if (x < (a + 1) / (a + b + 2)) {
            return front * betaFraction(x, a, b) / a;
        }
        return 1 - front * betaFraction(1 - x, b, a) / b;
    }

    /** ln Γ(x) for x &gt; 0 (Lanczos, about 15 significant digits). */
    public static double logGamma(double x) {
        if (x < 0.5) {
            // reflection: Γ(x) Γ(1 − x) = π / sin(πx)
            return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
        }
        double z = x - 1;
        double s = LANCZOS[0];
        for (int i = 1; i < LANCZOS.length; i++) {
            s += LANCZOS[i] / (z + i);
        }
        double t = z + 7.5;
        return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(s);
    }

    /** Continued fraction of the incomplete beta function, modified Lentz evaluation. */
    private static double betaFraction(double x, double a, double b) {
        double c = 1;
        double d = nonZero(1 - (a + b) * x / (a + 1));
        d = 1 / d;
        double h = d;
        for (int m = 1; m <= 10_000; m++) {
            int m2 = 2 * m;
            double even = m * (b - m) * x / ((a - 1 + m2) * (a + m2));
            d = 1 / nonZero(1 + even * d);
            c = nonZero(1 + even / c);
            h *= d * c;
            double odd = -(a + m) * (a + b + m) * x / ((a + m2) * (a + 1 + m2));
            d = 1 / nonZero(1 + odd * d);
            c = nonZero(1 + odd / c);
            double step = d * c;
            h *= step;
            if (Math.abs(step - 1) < EPS) {
                break;
            }
        }
        return h;
    }

    private static double nonZero(double v) {
        return Math.abs(v) < TINY ? TINY : v;
    }

    private static void requireDf(double df) {
        if (!(df > 0)) {
            throw new IllegalArgumentException("degrees of freedom must be > 0, got " + df);
        }
    }
}
