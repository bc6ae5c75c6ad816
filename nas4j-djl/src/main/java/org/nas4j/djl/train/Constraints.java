package org.nas4j.djl.train;

import java.util.Objects;
import java.util.Optional;
import org.nas4j.space.Architecture;

/** Hard limits: a candidate over one is rejected before it trains (PRUNED), at the cost of measuring it. */
public record Constraints(Optional<Double> maxLatencyMs, Optional<Long> maxParams, Optional<Double> maxMflops,
                          Optional<RelativeLatency> relativeLatency) {
    /** No limit. */
    public static final Constraints NONE = new Constraints(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty());

    public Constraints {
        Objects.requireNonNull(relativeLatency, "relativeLatency");
        maxLatencyMs.ifPresent(v -> requirePositive("max_latency_ms", v));
        maxMflops.ifPresent(v -> requirePositive("max_mflops", v));
        maxParams.ifPresent(v -> requirePositive("max_params", v));
    }

    /** Absolute limits only. */
    public Constraints(Optional<Double> maxLatencyMs, Optional<Long> maxParams, Optional<Double> maxMflops) {
        this(maxLatencyMs, maxParams, maxMflops, Optional.empty());
    }

    /**
     * A latency limit relative to a reference architecture, timed in turn with each candidate, in the same process
     * and the same moment: the pace of a shared machine drifts through a day by more than the differences a search
     * must tell apart, and a ratio measured side by side cancels the drift. The reference itself passes (its ratio
     * to itself is 1 by definition, whatever the noise).
     */
    public record RelativeLatency(Architecture reference, double maxRatio) {
        public RelativeLatency {
            Objects.requireNonNull(reference, "reference");
            requirePositive("max_ratio", maxRatio);
        }
    }

    private static void requirePositive(String what, double value) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(what + " must be a positive number, got " + value);
        }
    }
}
