package org.nas4j.bench;

/** A benchmark table that is missing or not of the expected form; the message names the file and the problem. */
public class BenchmarkTableException extends IllegalArgumentException {
    public BenchmarkTableException(String message) {
        super(message);
    }

    public BenchmarkTableException(String message, Throwable cause) {
        super(message, cause);
    }
}
