package org.skelmae.maven;

import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import org.skelmae.data.SkeletonDataException;
import org.skelmae.data.npz.NpzFormatException;
import org.skelmae.problem.ConfigurationException;
import org.skelmae.training.DivergenceException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The failure contract: core's expected problems are a BUILD FAILURE, everything else a BUILD ERROR with its cause. */
class AbstractSkelmaeMojoTest {

    /** A goal whose work throws what it is given. */
    static final class Throwing extends AbstractSkelmaeMojo {
        private final Exception thrown;
        boolean ran;

        Throwing(Exception thrown) {
            this.thrown = thrown;
        }

        @Override
        protected void executeMojo() throws Exception {
            ran = true;
            if (thrown != null) {
                throw thrown;
            }
        }
    }

    private static MojoFailureException failure(Exception thrown) {
        Throwing mojo = new Throwing(thrown);
        MojoFailureException f = assertThrows(MojoFailureException.class, mojo::execute, String.valueOf(thrown));
        assertTrue(mojo.ran);
        return f;
    }

    private static MojoExecutionException error(Exception thrown) {
        return assertThrows(MojoExecutionException.class, new Throwing(thrown)::execute, String.valueOf(thrown));
    }

    @Test
    void badConfigurationIsAFailureWithItsMessage() {
        ConfigurationException bad = new ConfigurationException("skelmae.minSteps must be >= 0 (0 for no minimum), got -1");
        MojoFailureException f = failure(bad);
        assertEquals(bad.getMessage(), f.getMessage());
        assertSame(bad, f.getCause());
    }

    @Test
    void badDataAndDivergenceAreFailures() {
        SkeletonDataException data = new SkeletonDataException("a.skeleton", 3, "expected 25 joints, found 24");
        assertEquals("a.skeleton:3: expected 25 joints, found 24", failure(data).getMessage());
        assertEquals("x.npz: expected a float array", failure(new NpzFormatException("x.npz: expected a float array")).getMessage());
        DivergenceException diverged = new DivergenceException("[ci/mae seed=1] pretrain diverged at epoch 2 iteration 5: loss is NaN");
        MojoFailureException f = failure(diverged);
        assertEquals(diverged.getMessage(), f.getMessage());
        assertSame(diverged, f.getCause());
    }

    @Test
    void aBareIllegalArgumentIsAnUnexpectedErrorWithItsCause() {
        IllegalArgumentException bug = new IllegalArgumentException("Op [matmul] shapes do not match");
        MojoExecutionException e = error(bug);
        assertSame(bug, e.getCause(), "the cause, so that mvn -e prints its stack trace");
        assertTrue(e.getMessage().startsWith(AbstractSkelmaeMojo.UNEXPECTED) && e.getMessage().contains("matmul"), e.getMessage());
        assertTrue(e.getMessage().contains("a bug") && e.getMessage().contains("report"), e.getMessage());
    }

    @Test
    void otherExceptionsAreUnexpectedErrorsToo() {
        NullPointerException npe = new NullPointerException("npe");
        assertSame(npe, error(npe).getCause());
        IllegalStateException ise = new IllegalStateException("reconstruction has 3 graphs, expected 4");
        assertSame(ise, error(ise).getCause());
        java.io.IOException io = new java.io.IOException("disk full");
        assertSame(io, error(io).getCause());
    }

    @Test
    void theGoalsOwnMojoExceptionsPassThrough() {
        MojoFailureException regression = new MojoFailureException("suite ci moved beyond tolerance from its baseline");
        assertSame(regression, failure(regression));
        MojoExecutionException own = new MojoExecutionException("own");
        assertSame(own, error(own));
    }

    @Test
    void skipRunsNothing() throws Exception {
        Throwing mojo = new Throwing(new IllegalStateException("must not run"));
        mojo.skip = true;
        mojo.execute();
        assertFalse(mojo.ran);
    }
}
