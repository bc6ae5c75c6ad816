package org.nas4j.search;

import java.util.Objects;

/**
 * Candidates looked up in a benchmark table instead of trained ({@code evaluator: tabular}): the table's answer for
 * each architecture, at the simulated cost its training took.
 *
 * @param benchmark      the table, by the name its {@link TabularEvaluators} provider knows (e.g. {@code nb201})
 * @param sleepPerSecond real seconds slept per simulated second of each query (0: answer at once), so that workers
 *                       sharing a study overlap as they would when training
 */
public record TabularSettings(String benchmark, double sleepPerSecond) {
    public TabularSettings {
        Objects.requireNonNull(benchmark, "benchmark");
        if (benchmark.isBlank()) {
            throw new IllegalArgumentException("benchmark must name a table, e.g. nb201");
        }
        if (!(sleepPerSecond >= 0 && sleepPerSecond <= 1)) {
            throw new IllegalArgumentException("sleep must be in [0, 1] real seconds per simulated second, got "
                    + sleepPerSecond);
        }
    }
}
