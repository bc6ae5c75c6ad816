package org.nas4j.store;

/** The study storage could not be read or written; the message names the file or study and the problem. */
public class StorageException extends RuntimeException {
    public StorageException(String message) {
        super(message);
    }

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
