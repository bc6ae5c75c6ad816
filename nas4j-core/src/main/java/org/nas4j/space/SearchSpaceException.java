package org.nas4j.space;

/** A search space or architecture description that cannot be used; the message says what is wrong and where. */
public class SearchSpaceException extends IllegalArgumentException {
    public SearchSpaceException(String message) {
        super(message);
    }

    public SearchSpaceException(String message, Throwable cause) {
        super(message, cause);
    }
}
