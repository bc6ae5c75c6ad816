package org.nas4j.djl.train;

/** Training produced a NaN or infinite loss; the trial fails with this reason and the search goes on. */
public class DivergedException extends RuntimeException {
    public DivergedException(String message) {
        super(message);
    }
}
