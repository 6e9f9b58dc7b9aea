package org.skelmae.training;

import org.skelmae.problem.SkelmaeException;

/**
 * The loss became NaN or infinite; the run stopped and its last good checkpoint was kept. An expected problem (a
 * learning rate or recipe the model does not train with), not a crash: see {@link SkelmaeException}.
 */
public class DivergenceException extends SkelmaeException {
    public DivergenceException(String message) {
        super(message);
    }
}
