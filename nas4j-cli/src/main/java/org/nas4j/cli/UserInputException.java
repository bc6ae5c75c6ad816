package org.nas4j.cli;

/** Input the user can fix (a file, a flag's value); reported without a stack trace and with exit code 2. */
public class UserInputException extends RuntimeException {
    public UserInputException(String message) {
        super(message);
    }

    public UserInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
