package org.skelmae.reports;

import java.util.Locale;

/** Number formatting for templates (locale-independent). */
public final class Formats {

    /** "57.33" (two decimals). */
    public String num(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.2f", v);
    }

    /** A share as percent with two decimals, e.g. 0.5733 → "57.33". */
    public String pct(double share) {
        return num(100 * share);
    }

    /** An interval of shares in percent, e.g. "[57.33, 61.02]", "–" when either bound is NaN. */
    public String pctInterval(double low, double high) {
        return interval(100 * low, 100 * high);
    }

    /** A difference of shares in percentage points, e.g. "+3.40", "–" for NaN. */
    public String pctDelta(double share) {
        return Double.isNaN(share) ? "–" : delta(100 * share);
    }

    /** A nullable number, "–" for null. */
    public String opt(Double v) {
        return v == null || v.isNaN() ? "–" : num(v);
    }

    /** "+1.20" / "−0.45", "–" for null. */
    public String delta(Double v) {
        return v == null ? "–" : String.format(Locale.ROOT, "%+.2f", v).replace('-', '−');
    }

    /** An interval as "[76.03, 85.97]" (two decimals), "–" when either bound is missing. */
    public String interval(Double low, Double high) {
        return low == null || high == null || low.isNaN() || high.isNaN() ? "–" : "[" + num(low) + ", " + num(high) + "]";
    }

    /** An interval with four significant digits, "–" when either bound is NaN. */
    public String sigInterval(double low, double high) {
        return Double.isNaN(low) || Double.isNaN(high) ? "–" : "[" + sig(low) + ", " + sig(high) + "]";
    }

    /** "+1.20" / "−0.45" for a difference in points, "–" for null. */
    public String diff(Double v) {
        return delta(v);
    }

    /** Four significant digits. */
    public String sig(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.4g", v);
    }

    /** Share as percent with no decimals, e.g. "10%". */
    public String share(double f) {
        return new java.math.BigDecimal(f * 100).stripTrailingZeros().toPlainString() + "%";
    }

    /** A percentage without trailing zeros, e.g. 10.0 → "10%". */
    public String percent(double pct) {
        return new java.math.BigDecimal(pct).setScale(2, java.math.RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString() + "%";
    }

    /** Millions with two decimals. */
    public String millions(double v) {
        return String.format(Locale.ROOT, "%.2f M", v / 1e6);
    }

    /** Mebibytes. */
    public String mib(double v) {
        return String.format(Locale.ROOT, "%.0f MiB", v / (1 << 20));
    }

    /** Seconds as "1h02m", "3m05s" or "12s". */
    public String seconds(double s) {
        return org.skelmae.data.FolderScan.eta(s);
    }
}
