package org.nas4j.djl.supernet;

/** The supernet's training loss became NaN or infinite; the message names the step and the last checkpoint. */
public class SupernetDivergedException extends RuntimeException {
    public SupernetDivergedException(String message) {
        super(message);
    }
}
