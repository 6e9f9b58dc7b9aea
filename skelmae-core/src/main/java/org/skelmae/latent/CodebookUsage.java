package org.skelmae.latent;

/**
 * How a batch used the codebook: perplexity exp(−Σ_k p̄_k log p̄_k) of the code frequencies p̄ (K when
 * every code is used equally, 1 when one code takes everything) and the number of codes never chosen.
 *
 * @param perplexity effective number of codes in use
 * @param deadCodes  codes chosen by no token
 * @param tokens     tokens counted
 */
public record CodebookUsage(double perplexity, int deadCodes, long tokens) {

    /** Usage of {@code codes} (one code index per token) over a codebook of size {@code k}. */
    public static CodebookUsage of(long[] codes, int k) {
        long[] counts = new long[k];
        for (long c : codes) {
            if (c < 0 || c >= k) {
                throw new IllegalArgumentException("code " + c + " is outside 0.." + (k - 1));
            }
            counts[(int) c]++;
        }
        return of(counts);
    }

    /** Usage from per-code counts. */
    public static CodebookUsage of(long[] counts) {
        long total = 0;
        int dead = 0;
        for (long n : counts) {
            total += n;
            if (n == 0) {
                dead++;
            }
        }
        double entropy = 0;
        for (long n : counts) {
            if (n > 0) {
                double p = n / (double) total;
                entropy -= p * Math.log(p);
            }
        }
        return new CodebookUsage(total == 0 ? 0 : Math.exp(entropy), dead, total);
    }
}
