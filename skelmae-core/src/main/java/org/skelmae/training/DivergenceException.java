package org.skelmae.training;

/** The loss became NaN or infinite; the run stopped and its last good checkpoint was kept. */
public class DivergenceException extends RuntimeException {
    public DivergenceException(String message) {
        super(message);
    }
}
