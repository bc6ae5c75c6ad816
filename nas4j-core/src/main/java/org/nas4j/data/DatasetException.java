package org.nas4j.data;

/** A data set file that is missing, corrupt or of the wrong kind; the message names the file and the problem. */
public class DatasetException extends IllegalArgumentException {
    public DatasetException(String message) {
        super(message);
    }

    public DatasetException(String message, Throwable cause) {
        super(message, cause);
    }
}
