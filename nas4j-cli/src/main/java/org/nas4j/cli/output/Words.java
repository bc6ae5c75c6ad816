package org.nas4j.cli.output;

import java.util.Locale;

/** Counts written as a reader says them: "1 epoch", "2 epochs". */
public final class Words {

    private Words() {
    }

    /** {@code n} and {@code noun}, with an s for any count but one. */
    public static String count(long n, String noun) {
        return String.format(Locale.ROOT, "%,d %s%s", n, noun, n == 1 ? "" : "s");
    }
}
