package org.skelmae.problem;

/**
 * An expected problem that the user can fix: bad data, bad configuration, a diverged run. Everything skelmae
 * reports this way names what is wrong and where (the file, line, key, property or parameter, and what was
 * expected), so the message alone is enough to act on.
 *
 * <p>The failure contract of skelmae is this family against everything else:
 * <ul>
 *   <li>A {@code SkelmaeException} is a problem with the input or with the outcome of a run, not with skelmae.
 *       The Maven plugin reports it as a BUILD FAILURE showing the message (as Maven's own
 *       {@code MojoFailureException} does for, e.g., failing tests), and a suite records it as the experiment's
 *       failure and goes on with the experiments that do not depend on it. The subclasses are
 *       {@link ConfigurationException} (suite, preset and config JSON files, system properties and Mojo parameters,
 *       command-line arguments, checkpoints or options that do not fit together),
 *       {@link org.skelmae.data.SkeletonDataException} and {@link org.skelmae.data.npz.NpzFormatException} (data
 *       that cannot be read as expected) and {@link org.skelmae.training.DivergenceException} (a loss that became
 *       NaN or infinite).</li>
 *   <li>Any other exception, an {@link IllegalArgumentException} or {@link IllegalStateException} from skelmae's
 *       own invariants or from a library (ND4J, LibTorch, Jackson, Spark) included, is unexpected: a bug in skelmae
 *       or in a library. The plugin reports it as a BUILD ERROR with its stack trace ({@code mvn -e}), to be
 *       reported.</li>
 * </ul>
 * A regression found by {@code skelmae:check} is not an exception of core: the regression check returns its
 * verdict as data ({@code RegressionCheck.Result}) and the {@code check} goal fails the build itself with a
 * {@code MojoFailureException}, which is a BUILD FAILURE as well. The same holds for the other outcomes that the
 * goals judge themselves (a suite with failed experiments, a re-run that did not match).
 *
 * <p>Code that finds a problem of the input throws a subclass; code that finds one of its own invariants broken
 * throws {@code IllegalArgumentException} or {@code IllegalStateException}, never a {@code SkelmaeException}.
 */
public abstract class SkelmaeException extends RuntimeException {

    protected SkelmaeException(String message) {
        super(message);
    }

    protected SkelmaeException(String message, Throwable cause) {
        super(message, cause);
    }
}
