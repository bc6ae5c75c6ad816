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
import org.nas4j.study.TrialState;

/**
 * One search run on a tabular benchmark under a budget of simulated seconds: the strategy sees only its reward (the
 * evaluator's signal, perhaps traded against latency); the run's answer is the architecture with the best reward
 * seen, reported later by any column.
 */
public final class TabularSearch {

    /**
     * What a run did: query i looked up row {@code queriedRows[i]}; after it {@code elapsedSeconds[i]} simulated
     * seconds were spent and the architecture with the best reward so far was in row {@code chosenRows[i]} (-1 while
     * none had one). {@code rejected} counts the proposals that broke a hard limit (they cost nothing).
     */
    public record Run(long seed, int[] queriedRows, double[] elapsedSeconds, int[] chosenRows, int rejected) {
        public Run {
            if (elapsedSeconds.length != chosenRows.length || queriedRows.length != chosenRows.length
                    || chosenRows.length == 0) {
                throw new IllegalArgumentException("a run needs at least one query, and a time and a choice per query");
            }
            queriedRows = queriedRows.clone();
            elapsedSeconds = elapsedSeconds.clone();
            chosenRows = chosenRows.clone();
        }

        public int[] queriedRows() {
            return queriedRows.clone();
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
            return other instanceof Run run && seed == run.seed && rejected == run.rejected
                    && Arrays.equals(queriedRows, run.queriedRows) && Arrays.equals(elapsedSeconds, run.elapsedSeconds)
                    && Arrays.equals(chosenRows, run.chosenRows);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(seed) * 31 + Arrays.hashCode(chosenRows);
        }

        @Override
        public String toString() {
            return "Run[seed=" + seed + ", queries=" + queries() + ", chosenRow=" + chosenRow() + ", rejected="
                    + rejected + "]";
        }
    }

    private TabularSearch() {
    }

    /** Proposals in a row that a hard limit may reject before a run gives up (it would never spend its budget). */
    public static final int MAX_REJECTIONS_IN_A_ROW = 100_000;

    /** Runs {@code strategy} until the next query would overrun {@code budgetSeconds}. */
    public static Run run(Strategy strategy, TabularBenchmark benchmark, Evaluator evaluator, Reward reward,
                          double budgetSeconds, long seed) {
        Trace trace = new Trace();
        new SearchLoop(strategy, evaluator, reward, seed).runWithBudget(budgetSeconds, Integer.MAX_VALUE,
                (trial, s) -> {
                    if (trial.state() == TrialState.PRUNED) {
                        trace.rejectedInARow++;
                        trace.rejected++;
                        if (trace.rejectedInARow >= MAX_REJECTIONS_IN_A_ROW) {
                            throw new IllegalStateException(MAX_REJECTIONS_IN_A_ROW + " proposals in a row broke the "
                                    + "hard limit (" + trial.error().orElse("") + "); relax the limit");
                        }
                        return;
                    }
                    trace.rejectedInARow = 0;
                    trace.add(benchmark.row(trial.architecture()), trial.isComplete(), trial.reward(), benchmark);
                });
        if (trace.queries == 0) {
            throw new IllegalArgumentException("a budget of " + budgetSeconds + " s pays for no query at all");
        }
        return new Run(seed, Arrays.copyOf(trace.queried, trace.queries), Arrays.copyOf(trace.elapsed, trace.queries),
                Arrays.copyOf(trace.chosen, trace.queries), trace.rejected);
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
        int[] queried = new int[128];
        double[] elapsed = new double[128];
        int[] chosen = new int[128];
        int queries;
        int rejected;
        int rejectedInARow;
        double spent;
        double bestReward = Double.NEGATIVE_INFINITY;
        int bestRow = -1;

        void add(int row, boolean complete, double reward, TabularBenchmark benchmark) {
            spent += benchmark.costSeconds(row);
            if (complete && reward > bestReward) {
                bestReward = reward;
                bestRow = row;
            }
            if (queries == elapsed.length) {
                queried = Arrays.copyOf(queried, 2 * queries);
                elapsed = Arrays.copyOf(elapsed, 2 * queries);
                chosen = Arrays.copyOf(chosen, 2 * queries);
            }
            queried[queries] = row;
            elapsed[queries] = spent;
            chosen[queries] = bestRow;
            queries++;
        }
    }
}
