package org.skelmae.data.npz;

import org.skelmae.problem.SkelmaeException;

/**
 * An {@code .npz} or {@code .npy} file that does not hold what a skeleton array dataset needs: bad data, see
 * {@link SkelmaeException}.
 */
public class NpzFormatException extends SkelmaeException {
    public NpzFormatException(String message) {
        super(message);
    }

    public NpzFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
