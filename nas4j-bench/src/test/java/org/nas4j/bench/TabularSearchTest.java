package org.nas4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.LongFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nas4j.bench.nb201.Nb201;
import org.nas4j.bench.nb201.Nb201Benchmark;
import org.nas4j.eval.Evaluator;
import org.nas4j.reward.Reward;
import org.nas4j.stats.Summary;
import org.nas4j.strategy.EvolutionSettings;
import org.nas4j.strategy.RandomSearch;
import org.nas4j.strategy.RegularizedEvolution;
import org.nas4j.strategy.Strategy;
import org.nas4j.strategy.reinforce.FactorizedPolicy;
import org.nas4j.strategy.reinforce.Reinforce;
import org.nas4j.strategy.reinforce.ReinforceSettings;

/** The NAS-Bench-201 protocol, and the published means it must reproduce (500 runs each, seeds 0..499). */
class TabularSearchTest {
    private static TabularBenchmark benchmark;
    private static Evaluator evaluator;
    private static double[] test;

    @BeforeAll
    static void load() {
        benchmark = Nb201Benchmark.load();
        evaluator = benchmark.evaluator(Nb201.SIGNAL, 0.01);
        test = benchmark.table().column(Nb201.TEST);
    }

    private static double meanTest(LongFunction<Strategy> strategies) {
        List<TabularSearch.Run> runs = TabularSearch.runMany(strategies, benchmark, evaluator, Reward.accuracy(),
                12_000, 0, 500, 2);
        return Summary.of(runs.stream().mapToDouble(r -> test[r.chosenRow()]).toArray()).mean();
    }

    @Test
    void aRunSpendsItsBudgetAndChoosesTheBestSignalSeen() {
        TabularSearch.Run run = TabularSearch.run(new RandomSearch(benchmark.space(), 3), benchmark, evaluator,
                Reward.accuracy(), 12_000, 3);
        double[] elapsed = run.elapsedSeconds();
        assertTrue(elapsed[elapsed.length - 1] <= 12_000);
        assertTrue(run.queries() > 50 && run.queries() < 200, "about 107 queries: " + run.queries());
        double[] signal = benchmark.table().column(Nb201.SIGNAL);
        int[] chosen = run.chosenRows();
        for (int i = 1; i < chosen.length; i++) {
            assertTrue(signal[chosen[i]] >= signal[chosen[i - 1]], "the choice only improves");
        }
        assertEquals(-1, run.chosenRowAt(0.0));
        assertEquals(run.chosenRow(), run.chosenRowAt(12_000));
    }

    @Test
    void resultsDoNotDependOnTheNumberOfThreads() {
        LongFunction<Strategy> evolution = s -> new RegularizedEvolution(benchmark.space(),
                new EvolutionSettings(20, 20, true), s);
        assertEquals(TabularSearch.runMany(evolution, benchmark, evaluator, Reward.accuracy(), 12_000, 7, 12, 1),
                TabularSearch.runMany(evolution, benchmark, evaluator, Reward.accuracy(), 12_000, 7, 12, 3));
    }

    @Test
    void randomSearchReproducesThePublishedMean() {
        assertEquals(93.70, meanTest(s -> new RandomSearch(benchmark.space(), s)), 0.15);
    }

    @Test
    void regularizedEvolutionWithThePublishedSettingsReproducesThePublishedMean() {
        assertEquals(93.92, meanTest(s -> new RegularizedEvolution(benchmark.space(),
                new EvolutionSettings(10, 3, false), s)), 0.15);
    }

    @Test
    void reinforceReproducesThePublishedMean() {
        ReinforceSettings settings = ReinforceSettings.defaults(0.01);
        assertEquals(93.85, meanTest(s -> new Reinforce(new FactorizedPolicy(benchmark.space(), settings.adam()),
                settings, s)), 0.15);
    }

    @Test
    void nas4jsDefaultEvolutionBeats94() {
        double mean = meanTest(s -> new RegularizedEvolution(benchmark.space(), new EvolutionSettings(20, 20, true),
                s));
        assertTrue(mean >= 94.0, "mean test accuracy " + mean);
    }
}
