package org.nas4j.scale;

import org.nas4j.search.StudyException;

/** Scaling settings or a base that cannot be scaled, which the caller can fix; the message says what to give. */
public final class ScalingException extends StudyException {
    public ScalingException(String message) {
        super(message);
    }

    public ScalingException(String message, Throwable cause) {
        super(message, cause);
    }
}
