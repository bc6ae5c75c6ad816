package org.nas4j.strategy.reinforce;

import org.nas4j.space.Architecture;

/** A sampled architecture and the advantage (reward minus baseline) that scales its policy-gradient term. */
public record ScoredArchitecture(Architecture architecture, double advantage) {
    public ScoredArchitecture {
        if (!Double.isFinite(advantage)) {
            throw new IllegalArgumentException("advantage must be finite, got " + advantage + " for " + architecture);
        }
    }
}
