package org.nas4j.eval;

/**
 * What an evaluator knows about the trial it serves: its number in the study and its own seed, derived from the
 * study seed, so that the same study gives the same trials.
 */
public record TrialContext(int trialNumber, long seed) {
    public TrialContext {
        if (trialNumber < 0) {
            throw new IllegalArgumentException("trial number must be non-negative, got " + trialNumber);
        }
    }
}
