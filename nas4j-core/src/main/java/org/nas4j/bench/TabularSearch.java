package org.nas4j.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongFunction;
import org.nas4j.eval.Evaluator;
import org.nas4j.random.Rng;
import org.nas4j.reward.Reward;
import org.nas4j.strategy.Strategy;
import org.nas4j.study.SearchLoop;

/**
 * One search run on a tabular benchmark under a budget of simulated seconds: the strategy sees only the evaluator's
 * signal; the run's answer is the architecture with the best signal seen, reported later by any column.
 */
public final class TabularSearch {

    /**
     * What a run did: after query i, {@code elapsedSeconds[i]} simulated seconds were spent and the architecture
     * with the best signal so far was in row {@code chosenRows[i]}.
     */
    public record Run(long seed, double[] elapsedSeconds, int[] chosenRows) {
        public Run {
            if (elapsedSeconds.length != chosenRows.length || chosenRows.length == 0) {
                throw new IllegalArgumentException("a run needs at least one query and one time per query");
            }
            elapsedSeconds = elapsedSeconds.clone();
            chosenRows = chosenRows.clone();
        }

        public int queries() {
            return chosenRows.length;
        }

        public int chosenRow() {
            return chosenRows[chosenRows.length - 1];
        }

        /** The row chosen by this time, or -1 before the first query finished. */
        public int chosenRowAt(double seconds) {
            int index = Arrays.binarySearch(elapsedSeconds, seconds);
            int last = index >= 0 ? index : -index - 2;
            return last < 0 ? -1 : chosenRows[last];
        }

        @Override
        public double[] elapsedSeconds() {
            return elapsedSeconds.clone();
        }

        @Override
        public int[] chosenRows() {
            return chosenRows.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Run run && seed == run.seed && Arrays.equals(elapsedSeconds, run.elapsedSeconds)
                    && Arrays.equals(chosenRows, run.chosenRows);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(seed) * 31 + Arrays.hashCode(chosenRows);
        }

        @Override
        public String toString() {
            return "Run[seed=" + seed + ", queries=" + queries() + ", chosenRow=" + chosenRow() + "]";
        }
    }

    private TabularSearch() {
    }

    /** Runs {@code strategy} until the next query would overrun {@code budgetSeconds}. */
    public static Run run(Strategy strategy, TabularBenchmark benchmark, Evaluator evaluator, Reward reward,
                          double budgetSeconds, long seed) {
        Trace trace = new Trace();
        new SearchLoop(strategy, evaluator, reward, seed).runWithBudget(budgetSeconds, Integer.MAX_VALUE,
                (trial, s) -> trace.add(benchmark.row(trial.architecture()), trial.isComplete(), trial.reward(),
                        benchmark));
        if (trace.queries == 0) {
            throw new IllegalArgumentException("a budget of " + budgetSeconds + " s pays for no query at all");
        }
        return new Run(seed, Arrays.copyOf(trace.elapsed, trace.queries), Arrays.copyOf(trace.chosen, trace.queries));
    }

    /**
     * Runs {@code runs} independent searches with seeds {@code firstSeed, firstSeed + 1, ...} on up to
     * {@code threads} threads. Each run's strategy comes from {@code strategies} with a seed derived from the run's
     * seed, and is closed afterwards; results are in seed order and do not depend on the number of threads.
     */
    public static List<Run> runMany(LongFunction<Strategy> strategies, TabularBenchmark benchmark,
                                    Evaluator evaluator, Reward reward, double budgetSeconds, long firstSeed,
                                    int runs, int threads) {
        if (runs < 1 || threads < 1) {
            throw new IllegalArgumentException("need at least one run and one thread, got " + runs + " runs and "
                    + threads + " threads");
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, runs));
        try {
            List<Future<Run>> futures = new ArrayList<>(runs);
            for (int i = 0; i < runs; i++) {
                long seed = firstSeed + i;
                futures.add(pool.submit(() -> {
                    try (Strategy strategy = strategies.apply(Rng.derive(seed, "strategy"))) {
                        return run(strategy, benchmark, evaluator, reward, budgetSeconds, seed);
                    }
                }));
            }
            List<Run> results = new ArrayList<>(runs);
            for (Future<Run> future : futures) {
                results.add(future.get());
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while searching", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** The run so far: time spent and best row by signal after each query. */
    private static final class Trace {
        double[] elapsed = new double[128];
        int[] chosen = new int[128];
        int queries;
        double spent;
        double bestSignal = Double.NEGATIVE_INFINITY;
        int bestRow = -1;

        void add(int row, boolean complete, double signal, TabularBenchmark benchmark) {
            spent += benchmark.costSeconds(row);
            if (complete && signal > bestSignal) {
                bestSignal = signal;
                bestRow = row;
            }
            if (queries == elapsed.length) {
                elapsed = Arrays.copyOf(elapsed, 2 * queries);
                chosen = Arrays.copyOf(chosen, 2 * queries);
            }
            elapsed[queries] = spent;
            chosen[queries] = bestRow;
            queries++;
        }
    }
}
