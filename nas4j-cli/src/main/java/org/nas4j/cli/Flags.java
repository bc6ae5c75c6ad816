package org.nas4j.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Checks of flag values that picocli's types cannot express; a failure exits with code 2 and names the flag. */
public final class Flags {

    private Flags() {
    }

    public static void requirePositive(CommandSpec spec, String flag, long value) {
        if (value <= 0) {
            throw new ParameterException(spec.commandLine(), flag + " must be a positive integer, got " + value);
        }
    }

    /** As {@link #requirePositive}, for a flag that may be absent (null). */
    public static void requirePositiveIfGiven(CommandSpec spec, String flag, Integer value) {
        if (value != null) {
            requirePositive(spec, flag, value);
        }
    }
}
