package org.nas4j.cli;

import java.io.IOException;
import java.nio.file.Files;
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

    /** The file's text, stored with a study so that the study keeps the config as its author wrote it. */
    public static String text(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UserInputException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
