package org.nas4j.djl.profile;

/**
 * A measured inference latency: the median of {@code runs} timed forward passes after {@code warmup} untimed ones,
 * with the spread (10th and 90th percentiles), at one batch size, on one device. {@code round} says which round of
 * timed passes this is (1 unless the earlier rounds were disturbed).
 */
public record Latency(int batchSize, double medianMs, double p10Ms, double p90Ms, int warmup, int runs, int round,
                      DeviceInfo device) {
}
