package org.nas4j.cli;

import java.nio.file.Path;
import org.nas4j.config.ConfigException;
import org.nas4j.config.StudyConfig;

/** Reads a study config for a command; a malformed one is the user's to fix (exit code 2). */
public final class ConfigFile {
    private ConfigFile() {
    }

    public static StudyConfig read(Path file) {
        try {
            return StudyConfig.read(file);
        } catch (ConfigException e) {
            throw new UserInputException(e.getMessage(), e);
        }
    }
}
