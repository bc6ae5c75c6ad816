package org.nas4j.strategy.reinforce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nas4j.random.Rng;
import org.nas4j.reward.Reward;
import org.nas4j.space.Architecture;
import org.nas4j.space.SearchSpace;
import org.nas4j.stats.Summary;
import org.nas4j.strategy.StateJson;
import org.nas4j.strategy.StrategyStateException;
import org.nas4j.study.SearchLoop;
import org.nas4j.toy.KernelSizeToy;

class ReinforceTest {
    private final KernelSizeToy toy = new KernelSizeToy();

    private double finalProbabilityOfKernel5(ReinforceSettings settings, long seed) {
        try (Reinforce strategy = new Reinforce(new FactorizedPolicy(toy.space(), settings.adam()), settings,
                Rng.derive(seed, "strategy"))) {
            new SearchLoop(strategy, toy, Reward.accuracy(), seed).run(50, (trial, s) -> { });
            return strategy.choiceProbabilities().orElseThrow().get(0)[KernelSizeToy.BEST];
        }
    }

    /** The reference figures over 200 seeds: with the baseline P(kernel 5) > 0.8 in at least 95% of runs. */
    @Test
    void kernelSizeToyLearnsKernel5WithTheBaseline() {
        double[] withBaseline = new double[200];
        double[] plain = new double[200];
        for (int run = 0; run < 200; run++) {
            withBaseline[run] = finalProbabilityOfKernel5(ReinforceSettings.defaults(0.1), 1 + run);
            plain[run] = finalProbabilityOfKernel5(ReinforceSettings.defaults(0.1).withoutBaseline(), 1 + run);
        }
        assertTrue(Summary.fraction(withBaseline, p -> p > 0.8) >= 0.95,
                "P(kernel 5) > 0.8 in " + Summary.fraction(withBaseline, p -> p > 0.8) + " of runs");
        double plainMedian = Summary.of(plain).median();
        assertTrue(plainMedian > 0.35 && plainMedian < 0.7, "median without baseline " + plainMedian);
    }

    @Test
    void withoutBaselineTheAdvantageIsThePlainReward() {
        ReinforceSettings settings = ReinforceSettings.defaults(0.1).withoutBaseline();
        FactorizedPolicy reference = new FactorizedPolicy(toy.space(), settings.adam());
        try (Reinforce strategy = new Reinforce(new FactorizedPolicy(toy.space(), settings.adam()), settings, 3)) {
            Architecture kernel7 = toy.space().architecture(2);
            strategy.tell(kernel7, 0.6);
            double expectedLoss = reference.update(List.of(new ScoredArchitecture(kernel7, 0.6)), 0.0);
            assertEquals(expectedLoss, strategy.lastLoss(), 1e-15);
            assertEquals(-Math.log(1 / 3.0) * 0.6, strategy.lastLoss(), 1e-12);
        }
    }

    @Test
    void theBaselineIsAMovingAverageStartingAtTheFirstReward() {
        MovingAverageBaseline baseline = new MovingAverageBaseline(0.9);
        assertEquals(0.0, baseline.advantageThenUpdate(0.8), 1e-15);
        assertEquals(0.8, baseline.value(), 1e-15);
        assertEquals(0.2, baseline.advantageThenUpdate(1.0), 1e-12);
        assertEquals(0.82, baseline.value(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> new MovingAverageBaseline(1.0));
    }

    @Test
    void savedStateContinuesExactly() {
        ReinforceSettings settings = ReinforceSettings.defaults(0.1).withBatchSize(3).withEntropyWeight(0.01);
        Reinforce original = new Reinforce(new FactorizedPolicy(toy.space(), settings.adam()), settings, 5);
        new SearchLoop(original, toy, Reward.accuracy(), 5).run(10, (t, s) -> { });
        // 10 rewards with batch 3 leave one waiting: the state must carry it.
        JsonNode saved = StateJson.MAPPER.valueToTree(original.saveState());
        Reinforce restored = new Reinforce(new FactorizedPolicy(toy.space(), settings.adam()), settings, 999);
        restored.restoreState(saved);
        assertEquals(saved, restored.saveState());

        List<String> expected = continueFor(original, 20);
        List<String> actual = continueFor(restored, 20);
        assertEquals(expected, actual);
        assertEquals(original.saveState(), restored.saveState());
    }

    @Test
    void restoringAnotherStrategysStateIsAnError() {
        ReinforceSettings settings = ReinforceSettings.defaults(0.1);
        Reinforce strategy = new Reinforce(new FactorizedPolicy(toy.space(), settings.adam()), settings, 5);
        assertThrows(StrategyStateException.class,
                () -> strategy.restoreState(new org.nas4j.strategy.RandomSearch(toy.space(), 1).saveState()));
    }

    private List<String> continueFor(Reinforce strategy, int steps) {
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < steps; i++) {
            Architecture a = strategy.ask();
            strategy.tell(a, 0.5 + 0.1 * a.choice(0));
            seen.add(a.canonicalString() + " " + strategy.lastLoss());
        }
        return seen;
    }

    /**
     * One decision: option 0 is feasible (reward 0.5), option 1 just over a limit, option 2 three times over it.
     * The controller learns to prefer the near miss to the far one, and rejections never lower the worst reward.
     */
    @Test
    void rejectionsFarOverTheLimitWeighMoreThanNearMisses() {
        SearchSpace space = SearchSpace.builder().decision("block", "a", "b", "c").build();
        ReinforceSettings settings = ReinforceSettings.defaults(0.1);
        double[] nearOverFar = new double[20];
        for (int run = 0; run < nearOverFar.length; run++) {
            try (Reinforce strategy = new Reinforce(new FactorizedPolicy(space, settings.adam()), settings, run)) {
                for (int step = 0; step < 60; step++) {
                    Architecture proposed = strategy.ask();
                    switch (proposed.choice(0)) {
                        case 0 -> strategy.tell(proposed, 0.5);
                        case 1 -> strategy.tellRejected(proposed, 1.1);
                        default -> strategy.tellRejected(proposed, 3.0);
                    }
                }
                double[] p = strategy.choiceProbabilities().orElseThrow().get(0);
                nearOverFar[run] = p[1] / p[2];
                if (strategy.saveState().has("worstReward")) {
                    assertEquals(0.5, strategy.saveState().get("worstReward").asDouble());
                }
            }
        }
        assertTrue(Summary.of(nearOverFar).median() > 2, "P(near) / P(far) median "
                + Summary.of(nearOverFar).median());
    }

    /**
     * Asks ahead of tells: the third architecture, sampled before the update the first two made, is told with its
     * advantage weighed by p_now / p_then (at most 2), read from the log-probability its ask remembered.
     */
    @Test
    void aSampleToldAfterTheUpdateIsWeighedByItsImportanceRatio() {
        ReinforceSettings settings = ReinforceSettings.defaults(0.5).withoutBaseline().withBatchSize(2);
        try (Reinforce strategy = new Reinforce(new FactorizedPolicy(toy.space(), settings.adam()), settings, 3)) {
            Architecture a1 = strategy.ask();
            Architecture a2 = strategy.ask();
            Architecture a3 = strategy.ask();
            strategy.tell(a1, 1.0);
            strategy.tell(a2, 0.2); // the batch is full: the policy moves
            double then = strategy.saveState().get("asked").get(0).get("log_p").doubleValue();
            double now = strategy.policy().logProbability(a3);
            assertTrue(Math.abs(now - then) > 1e-6, "the update moved p(a3)");
            strategy.tell(a3, 0.5);
            JsonNode pending = strategy.saveState().get("pending");
            assertEquals(1, pending.size());
            assertEquals(0.5 * Math.min(Reinforce.MAX_RATIO, Math.exp(now - then)),
                    pending.get(0).get("advantage").doubleValue(), 1e-12);
            assertEquals(0, strategy.saveState().get("asked").size(), "told asks are forgotten");
        }
    }

    /** In one process every ask is told before the next update: the ratio is 1 and nothing changes. */
    @Test
    void askThenTellIsPlainReinforce() {
        ReinforceSettings settings = ReinforceSettings.defaults(0.5).withoutBaseline().withBatchSize(2);
        try (Reinforce strategy = new Reinforce(new FactorizedPolicy(toy.space(), settings.adam()), settings, 3)) {
            Architecture a = strategy.ask();
            strategy.tell(a, 0.7);
            assertEquals(0.7, strategy.saveState().get("pending").get(0).get("advantage").doubleValue(), 0.0);
        }
    }
}
