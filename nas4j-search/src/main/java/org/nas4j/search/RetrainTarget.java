package org.nas4j.search;

import java.util.Optional;
import org.nas4j.space.Architecture;

/** What {@link Study#retrain} retrains. */
public sealed interface RetrainTarget permits RetrainTarget.Best, RetrainTarget.Trial, RetrainTarget.Given {

    /**
     * The best of the study: with {@code finalists} above 1, the most accurate on validation among the best trials
     * by reward after training each again for {@code finalistEpochs}; otherwise the best by reward. Empty values
     * take the config's {@code retrain} settings.
     */
    record Best(Optional<Integer> finalists, Optional<Integer> finalistEpochs) implements RetrainTarget {
        public Best {
            finalists.ifPresent(n -> requirePositive("finalists", n));
            finalistEpochs.ifPresent(n -> requirePositive("finalist epochs", n));
        }
    }

    /** A completed trial of the study, by number. */
    record Trial(int number) implements RetrainTarget {
    }

    /** An architecture of the study's space, trained with the study's recipe (a hand-designed baseline, say). */
    record Given(Architecture architecture) implements RetrainTarget {
    }

    /** The best, as the config's {@code retrain} settings choose it. */
    static RetrainTarget best() {
        return new Best(Optional.empty(), Optional.empty());
    }

    private static void requirePositive(String what, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(what + " must be positive, got " + value);
        }
    }
}
