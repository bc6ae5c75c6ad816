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
import org.nas4j.reward.Reward;
import org.nas4j.space.Architecture;
import org.nas4j.space.SearchSpace;
import org.nas4j.strategy.RandomSearch;
import org.nas4j.strategy.Strategy;

class SearchLoopTest {
    private final SearchSpace space = SearchSpace.builder().decision("kernel", 3, 5, 7).build();

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
        List<Architecture> failedTold = new ArrayList<>();
        RandomSearch random = new RandomSearch(space, 2);
        Strategy strategy = new Strategy() {
            @Override
            public SearchSpace space() {
                return space;
            }

            @Override
            public Architecture ask() {
                return random.ask();
            }

            @Override
            public void tell(Architecture architecture, double reward) {
            }

            @Override
            public void tellFailed(Architecture architecture) {
                failedTold.add(architecture);
            }

            @Override
            public ObjectNode saveState() {
                return random.saveState();
            }

            @Override
            public void restoreState(JsonNode state) {
                random.restoreState(state);
            }
        };
        List<TrialResult> results = new SearchLoop(strategy, flaky, Reward.accuracy(), 1).run(30, (t, s) -> { });
        assertEquals(30, results.size());
        long completed = results.stream().filter(TrialResult::isComplete).count();
        long failed = results.stream().filter(r -> r.state() == TrialState.FAILED).count();
        assertTrue(completed > 0 && failed > 0);
        assertEquals(30, completed + failed);
        assertEquals(failed, failedTold.size());
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
