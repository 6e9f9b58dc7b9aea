package org.skelmae.maven;

import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.skelmae.problem.SkelmaeException;
import org.skelmae.util.Progress;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Base of every skelmae goal: honours {@code skelmae.skip}, routes core's progress lines to the Maven log, and
 * applies skelmae's failure contract (see {@link SkelmaeException}) in {@link #execute()}, the one place a goal's
 * exceptions become Maven's:
 * <ul>
 *   <li>{@link SkelmaeException}, core's family of expected problems (bad configuration
 *       ({@link org.skelmae.problem.ConfigurationException}), bad data ({@link org.skelmae.data.SkeletonDataException},
 *       {@link org.skelmae.data.npz.NpzFormatException}), a diverged run
 *       ({@link org.skelmae.training.DivergenceException})), becomes a {@link MojoFailureException} with its message:
 *       Maven reports a BUILD FAILURE, a problem the user fixes in what they gave.</li>
 *   <li>A {@link MojoFailureException} a goal throws itself (a parameter it rejects, a regression found by
 *       {@code skelmae:check}, failed experiments of {@code skelmae:benchmark}, a re-run that did not match) and a
 *       {@link MojoExecutionException} pass through unchanged.</li>
 *   <li>Anything else, an {@link IllegalArgumentException} or {@link IllegalStateException} of skelmae's own
 *       invariants or of a library such as ND4J included, is unexpected: it becomes a {@link MojoExecutionException}
 *       saying so, with the exception as its cause, so that Maven reports a BUILD ERROR and prints the stack trace
 *       with {@code -e}.</li>
 * </ul>
 */
public abstract class AbstractSkelmaeMojo extends AbstractMojo {

    /**
     * Skips the goal.
     *
     * @since 0.1.0
     */
    @Parameter(property = "skelmae.skip", defaultValue = "false")
    boolean skip;

    /**
     * Root folder of the output: run directories, summaries, reports.
     *
     * @since 0.1.0
     */
    @Parameter(property = "skelmae.outputDirectory", defaultValue = "${session.executionRootDirectory}/target/skelmae")
    java.io.File outputDirectory;

    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    MavenSession session;

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("skelmae: skipped (skelmae.skip=true)");
            return;
        }
        try {
            executeMojo();
        } catch (SkelmaeException e) {
            throw new MojoFailureException(e.getMessage(), e);
        } catch (MojoFailureException | MojoExecutionException e) {
            throw e;
        } catch (Exception e) {
            throw new MojoExecutionException(UNEXPECTED + e, e);
        }
    }

    /** How an unexpected exception is introduced: it is a bug, in skelmae or a library, not a problem of the input. */
    static final String UNEXPECTED = "skelmae failed unexpectedly (a bug, not a problem with your input; please report it "
            + "with the stack trace, which mvn -e prints): ";

    /**
     * The goal's work. It throws a {@link SkelmaeException} (or a {@link MojoFailureException}) for a problem the user
     * can fix; anything else it throws is reported as a bug.
     */
    protected abstract void executeMojo() throws Exception;

    /** Core progress lines to the Maven log. */
    protected Progress progress() {
        return new Progress() {
            @Override
            public void info(String line) {
                getLog().info(line);
            }

            @Override
            public void warn(String line) {
                getLog().warn(line);
            }
        };
    }

    /** The output folder as a path. */
    protected Path output() {
        return outputDirectory.toPath();
    }

    /** The folder Maven was started from. */
    protected Path executionRoot() {
        return Path.of(session.getExecutionRootDirectory());
    }

    /**
     * The data location: the given value, or the checkout's shared data folder
     * ({@code ../shared/data/<fallback>} next to the project) when it exists.
     */
    protected Path dataFolder(String given, String fallback) throws MojoFailureException {
        if (given != null && !given.isBlank()) {
            return executionRoot().resolve(given).normalize();
        }
        Path shared = executionRoot().resolve("../shared/data").resolve(fallback).normalize();
        if (fallback != null && Files.isDirectory(shared)) {
            getLog().info("skelmae.data not set: using " + shared);
            return shared;
        }
        throw new MojoFailureException("no data folder: set -Dskelmae.data=<folder> (for NTU RGB+D the folder of the "
                + ".skeleton files, for NW-UCLA the all_sqe folder)");
    }
}
