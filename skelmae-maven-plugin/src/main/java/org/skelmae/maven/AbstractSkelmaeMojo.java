package org.skelmae.maven;

import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.skelmae.util.Progress;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Base of every skelmae goal: honours {@code skelmae.skip}, routes core's progress lines to the Maven
 * log, and turns core's expected problems (bad data, bad configuration) into BUILD FAILURE with the
 * message, while anything else stays a BUILD ERROR.
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
        } catch (IllegalArgumentException | org.skelmae.data.SkeletonDataException
                 | org.skelmae.data.npz.NpzFormatException e) {
            throw new MojoFailureException(e.getMessage(), e);
        } catch (MojoFailureException | MojoExecutionException e) {
            throw e;
        } catch (Exception e) {
            throw new MojoExecutionException("skelmae crashed: " + e, e);
        }
    }

    /** The goal's work. */
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
