package org.skelmae.data.npz;

/** An {@code .npz} or {@code .npy} file that does not hold what a skeleton array dataset needs. */
public class NpzFormatException extends RuntimeException {
    public NpzFormatException(String message) {
        super(message);
    }
}
