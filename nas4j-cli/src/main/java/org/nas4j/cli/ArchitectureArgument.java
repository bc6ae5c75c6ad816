package org.nas4j.cli;

import org.nas4j.space.Architecture;
import org.nas4j.space.SearchSpace;

/** An architecture given on the command line ({@code --arch}), as 'nas4j report' and --json print it. */
public final class ArchitectureArgument {

    private ArchitectureArgument() {
    }

    /** The canonical architecture of {@code space} that {@code text} writes; a clear error if it writes none. */
    public static Architecture parse(SearchSpace space, String text) {
        try {
            return space.parse(text).canonical();
        } catch (IllegalArgumentException e) {
            throw new UserInputException("--arch: " + e.getMessage() + "; write every decision of the space as "
                    + "name=value in the space's order, separated by commas", e);
        }
    }
}
