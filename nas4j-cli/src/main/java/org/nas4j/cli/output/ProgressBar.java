package org.nas4j.cli.output;

import java.util.Locale;

/** A text progress bar that a terminal redraws in place; in a log file it is left out. */
public final class ProgressBar {
    private static final int WIDTH = 30;

    private ProgressBar() {
    }

    /** Whether stderr is a terminal, where a line can be redrawn with a carriage return. */
    public static boolean onTerminal() {
        return System.console() != null;
    }

    /** {@code \r  label [#####.....]  40%  suffix}, to print without a newline. */
    public static String line(String label, double fraction, String suffix) {
        double clamped = Math.max(0, Math.min(1, fraction));
        int filled = (int) Math.round(clamped * WIDTH);
        return String.format(Locale.ROOT, "\r  %s [%s%s] %3.0f%%  %s", label, "#".repeat(filled),
                ".".repeat(WIDTH - filled), 100 * clamped, suffix);
    }

    /** The time left when {@code fraction} of the work took {@code elapsedSeconds}; empty before any progress. */
    public static String eta(double elapsedSeconds, double fraction) {
        if (!(fraction > 0)) {
            return "";
        }
        double left = elapsedSeconds / fraction * (1 - fraction);
        return String.format(Locale.ROOT, "ETA %dm%02ds", (long) left / 60, (long) left % 60);
    }
}
