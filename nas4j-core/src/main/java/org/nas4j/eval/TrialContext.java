package org.nas4j.eval;

import java.util.Objects;

/**
 * What an evaluator knows about the trial it serves: its number in the study, its own seed, derived from the
 * study seed so that the same study gives the same trials, and whom to report its epochs to.
 */
public record TrialContext(int trialNumber, long seed, TrialReporter reporter) {
    public TrialContext {
        if (trialNumber < 0) {
            throw new IllegalArgumentException("trial number must be non-negative, got " + trialNumber);
        }
        Objects.requireNonNull(reporter, "reporter");
    }

    /** A trial whose epochs nobody hears. */
    public TrialContext(int trialNumber, long seed) {
        this(trialNumber, seed, TrialReporter.NONE);
    }
}
