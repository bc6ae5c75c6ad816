package org.nas4j.search;

/**
 * A request a study cannot serve as asked, which the caller can fix: a trial it does not hold, a study name the
 * storage lacks, a space that does not fit the network. The message says what to do.
 */
public class StudyException extends IllegalArgumentException {
    public StudyException(String message) {
        super(message);
    }

    public StudyException(String message, Throwable cause) {
        super(message, cause);
    }
}
