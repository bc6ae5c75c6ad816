package org.nas4j.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nas4j.eval.Evaluator;
import org.nas4j.eval.Metrics;
import org.nas4j.eval.TrialContext;
import org.nas4j.eval.TrialPruned;
import org.nas4j.reward.Reward;
import org.nas4j.space.Architecture;
import org.nas4j.space.SearchSpace;
import org.nas4j.strategy.RandomSearch;
import org.nas4j.strategy.Strategy;

class SearchLoopTest {
    private final SearchSpace space = SearchSpace.builder().decision("kernel", 3, 5, 7).build();

    /** A random search that notes what it is told: each reward (to one decimal), failure and rejection. */
    private static final class Telling implements Strategy {
        final List<String> told = new ArrayList<>();
        private final RandomSearch random;

        Telling(RandomSearch random) {
            this.random = random;
        }

        @Override
        public SearchSpace space() {
            return random.space();
        }

        @Override
        public Architecture ask() {
            return random.ask();
        }

        @Override
        public void tell(Architecture architecture, double reward) {
            told.add("tell " + Math.round(reward * 10) / 10.0);
        }

        @Override
        public void tellFailed(Architecture architecture) {
            told.add("failed");
        }

        @Override
        public void tellRejected(Architecture architecture, double excess) {
            told.add("rejected");
        }

        @Override
        public ObjectNode saveState() {
            return random.saveState();
        }

        @Override
        public void restoreState(JsonNode state) {
            random.restoreState(state);
        }
    }

    /** Kernel 7 crashes, kernel 3 diverges, kernel 5 works. */
    private final Evaluator flaky = new Evaluator() {
        @Override
        public SearchSpace space() {
            return space;
        }

        @Override
        public Metrics evaluate(Architecture architecture, TrialContext context) {
            long kernel = architecture.intValue("kernel");
            if (kernel == 7) {
                throw new IllegalStateException("out of memory");
            }
            return Metrics.ofAccuracy(kernel == 3 ? Double.POSITIVE_INFINITY : 0.9);
        }
    };

    @Test
    void aTrialThatRunsOutOfHeapFailsAndSaysWhatToDo() {
        Evaluator hungry = new Evaluator() {
            @Override
            public SearchSpace space() {
                return space;
            }

            @Override
            public Metrics evaluate(Architecture architecture, TrialContext context) {
                throw new OutOfMemoryError("Java heap space");
            }
        };
        SearchLoop.Evaluated evaluated = SearchLoop.evaluate(hungry, Reward.accuracy(), 4, space.architecture(0), 1);
        assertEquals(TrialState.FAILED, evaluated.result().state());
        String why = evaluated.result().error().orElseThrow();
        assertTrue(why.startsWith("OutOfMemoryError: Java heap space") && why.contains("NAS4J_JAVA_OPTS=-Xmx"), why);
    }

    @Test
    void failedTrialsAreRecordedAndTheSearchGoesOn() {
        Telling strategy = new Telling(new RandomSearch(space, 2));
        List<TrialResult> results = new SearchLoop(strategy, flaky, Reward.accuracy(), 1).run(30, (t, s) -> { });
        assertEquals(30, results.size());
        long completed = results.stream().filter(TrialResult::isComplete).count();
        long failed = results.stream().filter(r -> r.state() == TrialState.FAILED).count();
        assertTrue(completed > 0 && failed > 0);
        assertEquals(30, completed + failed);
        assertEquals(failed, strategy.told.stream().filter(t -> t.equals("failed")).count());
        for (TrialResult result : results) {
            long kernel = result.architecture().intValue("kernel");
            if (kernel == 7) {
                assertEquals("IllegalStateException: out of memory", result.error().orElseThrow());
            } else if (kernel == 3) {
                assertEquals("reward is Infinity", result.error().orElseThrow());
            } else {
                assertEquals(0.9, result.reward());
            }
        }
    }

    /**
     * A trial its reporter stops after an epoch is PRUNED with what it measured, and the strategy is told its
     * reward as a result (of lower fidelity), not a failure or a rejection.
     */
    @Test
    void aTrialStoppedByItsReporterIsPrunedWithItsPartialResultToldAsAReward() {
        Evaluator epochs = new Evaluator() {
            @Override
            public SearchSpace space() {
                return space;
            }

            @Override
            public Metrics evaluate(Architecture architecture, TrialContext context) {
                for (int epoch = 1; epoch <= 3; epoch++) {
                    context.reporter().report(epoch, 0.2 * epoch, 1.0 / epoch);
                }
                return Metrics.ofAccuracy(0.6);
            }
        };
        TrialContext stopAtTwo = new TrialContext(5, 1, (epoch, accuracy, loss) -> {
            if (epoch == 2) {
                throw new TrialPruned(epoch, accuracy, "median", "0.4 is below the median 0.5");
            }
        });
        SearchLoop.Evaluated evaluated = SearchLoop.evaluate(epochs, Reward.accuracy(), stopAtTwo,
                space.architecture(1));
        TrialResult result = evaluated.result();
        assertEquals(TrialState.PRUNED, result.state());
        assertTrue(result.isStoppedEarly());
        assertEquals(0.4, result.metrics().orElseThrow().accuracy(), 1e-12);
        assertEquals(0.4, result.reward(), 1e-12);
        assertEquals("pruned by median after epoch 2: 0.4 is below the median 0.5", result.error().orElseThrow());
        Telling told = new Telling(new RandomSearch(space, 1));
        evaluated.tell(told, space.architecture(1));
        assertEquals(List.of("tell 0.4"), told.told);
        TrialResult unstopped = SearchLoop.evaluate(epochs, Reward.accuracy(), 5, space.architecture(1), 1).result();
        assertEquals(TrialState.COMPLETE, unstopped.state(), "nobody listening: the trial runs to its end");
    }

    @Test
    void trialSeedsDependOnlyOnStudySeedAndNumber() {
        List<Long> seeds = new ArrayList<>();
        Evaluator recorder = new Evaluator() {
            @Override
            public SearchSpace space() {
                return space;
            }

            @Override
            public Metrics evaluate(Architecture architecture, TrialContext context) {
                seeds.add(context.seed());
                return Metrics.ofAccuracy(0.5);
            }
        };
        new SearchLoop(new RandomSearch(space, 1), recorder, Reward.accuracy(), 77).run(3, (t, s) -> { });
        assertEquals(List.of(SearchLoop.trialSeed(77, 0), SearchLoop.trialSeed(77, 1), SearchLoop.trialSeed(77, 2)),
                seeds);
        assertEquals(3, seeds.stream().distinct().count());
    }

    @Test
    void rejectsAMismatchedSpaceAndZeroTrials() {
        SearchSpace other = SearchSpace.builder().decision("depth", 1, 2).build();
        assertThrows(IllegalArgumentException.class,
                () -> new SearchLoop(new RandomSearch(other, 1), flaky, Reward.accuracy(), 1));
        SearchLoop loop = new SearchLoop(new RandomSearch(space, 1), flaky, Reward.accuracy(), 1);
        assertThrows(IllegalArgumentException.class, () -> loop.run(0, (t, s) -> { }));
    }
}
