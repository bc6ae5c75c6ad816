package org.nas4j.cli;

import picocli.CommandLine;

/**
 * Commands a module adds to the {@code nas4j} command line when it is on the class path, found through
 * {@link java.util.ServiceLoader}: so that benchmarks and toys ship apart from the user-facing commands.
 */
public interface CommandPlugin {

    /** Adds this module's commands to {@code root} (top-level ones, or below an existing one such as "bench"). */
    void register(CommandLine root);
}
