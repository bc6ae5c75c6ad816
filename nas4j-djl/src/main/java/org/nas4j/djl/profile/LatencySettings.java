package org.nas4j.djl.profile;

/**
 * How latency is measured on this device: passes of {@code batchSize} images, {@code warmup} untimed, then the
 * median of {@code runs} timed ones. With {@code predict}, a search measures its first candidates and predicts the
 * latency of the others from a {@link LatencyModel} fitted on them.
 */
public record LatencySettings(int batchSize, int warmup, int runs, boolean predict) {
    /** At least this many timed passes: fewer make the median move with a single slow pass. */
    public static final int MIN_RUNS = LatencyProfiler.MIN_RUNS;
    /** One image at a time, 10 warm-up passes, 30 timed. */
    public static final LatencySettings DEFAULT = new LatencySettings(1, 10, 30);

    /** Candidates a predicting search measures to fit its latency model on. */
    public static final int MEASURED_BEFORE_PREDICTING = 10;

    /** Every candidate measured. */
    public LatencySettings(int batchSize, int warmup, int runs) {
        this(batchSize, warmup, runs, false);
    }

    public LatencySettings {
        if (batchSize < 1 || batchSize > 65_536) {
            throw new IllegalArgumentException("batch_size must be in [1, 65536], got " + batchSize);
        }
        if (warmup < 0 || warmup > 100_000) {
            throw new IllegalArgumentException("warmup (untimed passes) must be in [0, 100000], got " + warmup);
        }
        if (runs < MIN_RUNS || runs > 100_000) {
            throw new IllegalArgumentException("runs (timed passes) must be in [" + MIN_RUNS + ", 100000], got " + runs);
        }
    }
}
