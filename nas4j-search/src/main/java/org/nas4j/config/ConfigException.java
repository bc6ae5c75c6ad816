package org.nas4j.config;

/** A config that cannot be used; the message names the key (with its section) and the value. */
public class ConfigException extends IllegalArgumentException {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
