package org.nas4j.djl.profile;

import java.util.Arrays;

/**
 * The timing rule nas4j uses everywhere: untimed warm-up passes, then rounds of timed passes; a round whose spread
 * (p90 - p10) / median is over {@link #CALM_SPREAD} was disturbed (the JIT compiler early in a process, another
 * process on the cores), so another round runs, up to {@link #MAX_ROUNDS}, and the calmest is kept. Medians, not
 * means, because a shared machine adds rare long pauses.
 */
public final class CalmRounds {
    /** Rounds of timed passes at most, when the earlier rounds were disturbed. */
    public static final int MAX_ROUNDS = 5;
    /** A round whose (p90 - p10) / median is at most this counts as undisturbed. */
    public static final double CALM_SPREAD = 0.25;

    /** One round's statistics, in milliseconds. */
    public record Round(double medianMs, double p10Ms, double p90Ms, int round) {
        public double relativeSpread() {
            return (p90Ms - p10Ms) / medianMs;
        }
    }

    private CalmRounds() {
    }

    /** Times {@code pass} as the rule says; {@code runs} passes per round. */
    public static Round measure(Runnable pass, int warmup, int runs) {
        if (warmup < 0 || runs < 1) {
            throw new IllegalArgumentException("warm-up passes must be zero or more and runs positive, got "
                    + warmup + " and " + runs);
        }
        for (int i = 0; i < warmup; i++) {
            pass.run();
        }
        Round calmest = null;
        for (int round = 1; round <= MAX_ROUNDS; round++) {
            double[] milliseconds = new double[runs];
            for (int i = 0; i < runs; i++) {
                long start = System.nanoTime();
                pass.run();
                milliseconds[i] = (System.nanoTime() - start) / 1e6;
            }
            Arrays.sort(milliseconds);
            Round timed = new Round(percentile(milliseconds, 0.5), percentile(milliseconds, 0.1),
                    percentile(milliseconds, 0.9), round);
            if (calmest == null || timed.relativeSpread() < calmest.relativeSpread()) {
                calmest = timed;
            }
            if (timed.relativeSpread() <= CALM_SPREAD) {
                break;
            }
        }
        return calmest;
    }

    /** Linear interpolation between the closest ranks of sorted values. */
    static double percentile(double[] sorted, double q) {
        double position = q * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(below + 1, sorted.length - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }
}
