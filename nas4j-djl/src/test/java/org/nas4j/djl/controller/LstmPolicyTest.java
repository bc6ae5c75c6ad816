package org.nas4j.djl.controller;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.nas4j.random.Rng;
import org.nas4j.reward.Reward;
import org.nas4j.space.Architecture;
import org.nas4j.space.SearchSpace;
import org.nas4j.strategy.StateJson;
import org.nas4j.strategy.StrategyStateException;
import org.nas4j.strategy.reinforce.AdamSettings;
import org.nas4j.strategy.reinforce.PolicySpec;
import org.nas4j.strategy.reinforce.Reinforce;
import org.nas4j.strategy.reinforce.ReinforceSettings;
import org.nas4j.strategy.reinforce.ScoredArchitecture;
import org.nas4j.study.SearchLoop;
import org.nas4j.toy.KernelSizeToy;

class LstmPolicyTest {
    private static final SearchSpace TINY = SearchSpace.builder()
            .decision("x", 0, 1, 2).decision("y", "a", "b").decision("z", 1, 2, 3, 4).build();

    private static List<ScoredArchitecture> tinyBatch() {
        return List.of(new ScoredArchitecture(TINY.architecture(2, 0, 3), 1.0),
                new ScoredArchitecture(TINY.architecture(0, 1, 1), -0.5),
                new ScoredArchitecture(TINY.architecture(2, 1, 0), 0.3));
    }

    @Test
    void autogradGradientMatchesFiniteDifferences() {
        checkGradient(new LstmPolicySettings(new PolicySpec.Lstm(4, 1.0, 0.0), AdamSettings.withLearningRate(0.01)));
        checkGradient(new LstmPolicySettings(new PolicySpec.Lstm(4, 2.0, 2.5), AdamSettings.withLearningRate(0.01)));
    }

    private static void checkGradient(LstmPolicySettings settings) {
        try (LstmPolicy policy = new LstmPolicy(TINY, settings, 11)) {
            // Larger weights than the initial ones, so that every gradient is well above float32 noise.
            Rng rng = new Rng(5);
            double[] point = policy.parameters();
            for (int i = 0; i < point.length; i++) {
                point[i] = 2 * rng.nextDouble() - 1;
            }
            policy.setParameters(point);
            List<ScoredArchitecture> batch = tinyBatch();
            double entropyWeight = 0.3;
            double[] gradient = policy.gradient(batch, entropyWeight);
            // Central differences of the float32 loss: a step of 1e-2 keeps rounding noise near 1e-5 and the
            // truncation error (h^2 / 6 times the third derivative) below that; relative error 1e-2 beyond 1e-4.
            double h = 1e-2;
            for (int i = 0; i < point.length; i++) {
                double[] shifted = point.clone();
                shifted[i] = point[i] + h;
                policy.setParameters(shifted);
                double plus = policy.loss(batch, entropyWeight);
                shifted[i] = point[i] - h;
                policy.setParameters(shifted);
                double minus = policy.loss(batch, entropyWeight);
                double numeric = (plus - minus) / (2 * h);
                double scale = Math.max(Math.abs(numeric), Math.abs(gradient[i])) + 1e-2;
                double error = Math.abs(numeric - gradient[i]) / scale;
                assertTrue(error < 1e-2, "coordinate " + i + ": autograd " + gradient[i] + ", finite differences "
                        + numeric);
            }
            // Every kind of tensor takes part: LSTM weights, embeddings and heads have clearly non-zero gradients.
            for (String tensor : List.of("start", "lstm.weight", "lstm.bias", "embedding.x", "embedding.y",
                    "head.x.weight", "head.z.bias")) {
                int offset = policy.offsetOf(tensor);
                assertTrue(Math.abs(gradient[offset]) + Math.abs(gradient[offset + 1]) > 1e-3,
                        tensor + " has gradient " + gradient[offset] + ", " + gradient[offset + 1]);
            }
        }
    }

    @Test
    void lossOfOneSampleIsMinusLogProbabilityTimesAdvantage() {
        try (LstmPolicy policy = new LstmPolicy(TINY, LstmPolicySettings.withLearningRate(0.01), 3)) {
            Architecture a = TINY.architecture(1, 0, 2);
            double logP = policy.logProbability(a);
            assertEquals(-logP * 0.7, policy.loss(List.of(new ScoredArchitecture(a, 0.7)), 0.0), 0.0);

            List<double[]> distributions = policy.distributions(a);
            double sumOfLogs = 0;
            double entropy = 0;
            for (int d = 0; d < distributions.size(); d++) {
                double[] p = distributions.get(d);
                assertEquals(TINY.decision(d).size(), p.length);
                sumOfLogs += Math.log(p[a.choice(d)]);
                for (double pk : p) {
                    assertEquals(1.0 / p.length, pk, 0.02, "starts close to uniform");
                    entropy -= pk * Math.log(pk);
                }
            }
            assertEquals(sumOfLogs, logP, 1e-5);
            assertEquals(-logP * 0.7 - 0.5 * entropy, policy.loss(List.of(new ScoredArchitecture(a, 0.7)), 0.5), 1e-5);
            assertThrows(IllegalArgumentException.class, () -> policy.loss(List.of(), 0.0));

            // update returns the loss before its step, computed the same way.
            List<ScoredArchitecture> batch = tinyBatch();
            double before = policy.loss(batch, 0.2);
            assertEquals(before, policy.update(batch, 0.2), 0.0);
            assertTrue(policy.loss(batch, 0.2) < before, "one small step goes downhill");
        }
    }

    @Test
    void sameSeedSameController() {
        try (LstmPolicy first = new LstmPolicy(TINY, LstmPolicySettings.withLearningRate(0.01), 3);
             LstmPolicy second = new LstmPolicy(TINY, LstmPolicySettings.withLearningRate(0.01), 3);
             LstmPolicy other = new LstmPolicy(TINY, LstmPolicySettings.withLearningRate(0.01), 4)) {
            assertArrayEquals(first.parameters(), second.parameters());
            assertFalse(Arrays.equals(first.parameters(), other.parameters()));
            Rng a = new Rng(1);
            Rng b = new Rng(1);
            for (int i = 0; i < 20; i++) {
                assertEquals(first.sample(a), second.sample(b));
            }
        }
    }

    @Test
    void restoredPolicyContinuesBitForBit() throws Exception {
        LstmPolicySettings settings = new LstmPolicySettings(new PolicySpec.Lstm(16, 1.0, 1.5), AdamSettings.withLearningRate(0.05));
        try (LstmPolicy original = new LstmPolicy(TINY, settings, 21);
             LstmPolicy restored = new LstmPolicy(TINY, settings, 99)) {
            Rng rng = new Rng(8);
            train(original, rng, 5);
            String saved = StateJson.MAPPER.writeValueAsString(original.saveState());
            long rngState = rng.state();
            List<Architecture> expected = train(original, rng, 10);

            restored.restoreState(StateJson.MAPPER.readTree(saved));
            List<Architecture> actual = train(restored, new Rng(rngState), 10);
            assertEquals(expected, actual);
            assertArrayEquals(original.parameters(), restored.parameters());
            assertEquals(original.saveState(), restored.saveState());
        }
    }

    @Test
    void restoreRejectsAnotherController() {
        try (LstmPolicy small = new LstmPolicy(TINY, LstmPolicySettings.withLearningRate(0.01).withHiddenSize(8), 1);
             LstmPolicy large = new LstmPolicy(TINY, LstmPolicySettings.withLearningRate(0.01).withHiddenSize(16), 1)) {
            JsonNode state = small.saveState();
            assertThrows(StrategyStateException.class, () -> large.restoreState(state));
            assertThrows(StrategyStateException.class, () -> large.restoreState(StateJson.newState("factorized")));
        }
    }

    /** Samples, scores with a fixed rule and updates; returns the sampled architectures. */
    private static List<Architecture> train(LstmPolicy policy, Rng rng, int steps) {
        List<Architecture> sampled = new ArrayList<>();
        for (int i = 0; i < steps; i++) {
            Architecture a = policy.sample(rng);
            Architecture b = policy.sample(rng);
            sampled.add(a);
            sampled.add(b);
            policy.update(List.of(new ScoredArchitecture(a, a.choice(0) - 1.0),
                    new ScoredArchitecture(b, rng.nextGaussian())), 0.01);
        }
        return sampled;
    }

    @Test
    void learnsTheBestKernel() {
        KernelSizeToy toy = new KernelSizeToy();
        LstmPolicy policy = new LstmPolicy(toy.space(), LstmPolicySettings.withLearningRate(0.005), 42);
        try (Reinforce reinforce = new Reinforce(policy, ReinforceSettings.defaults(0.05), 42)) {
            new SearchLoop(reinforce, toy, Reward.accuracy(), 42).run(100, (result, strategy) -> { });
            double[] p = policy.choiceProbabilities().get(0);
            assertTrue(p[KernelSizeToy.BEST] > 0.8, "p(kernel 5) = " + p[KernelSizeToy.BEST]);
        }
    }

    @Test
    void learnsADependentChoice() {
        SearchSpace space = SearchSpace.builder().decision("a", 0, 1).decision("b", 0, 1).build();
        // A factorized policy has one distribution for b whatever a is, so it cannot pass this test.
        LstmPolicy policy = new LstmPolicy(space, LstmPolicySettings.withLearningRate(0.005), 7);
        try (Reinforce reinforce = new Reinforce(policy, ReinforceSettings.defaults(0.05), 7)) {
            for (int i = 0; i < 300; i++) {
                Architecture a = reinforce.ask();
                reinforce.tell(a, a.choice(1) == a.choice(0) ? 1.0 : 0.0);
            }
            for (int first = 0; first < 2; first++) {
                double[] b = policy.distributions(space.architecture(first, 0)).get(1);
                assertTrue(b[first] > 0.8, "p(b = " + first + " | a = " + first + ") = " + b[first]);
            }
        }
    }

    @Test
    void updatesLeaveNoNativeArraysBehind() {
        try (LstmPolicy policy = new LstmPolicy(TINY, LstmPolicySettings.withLearningRate(0.01), 5)) {
            NDManager manager = policy.manager();
            Rng rng = new Rng(1);
            train(policy, rng, 1);
            int arrays = manager.getManagedArrays().size();
            int resources = resourceCount(manager);
            train(policy, rng, 200);
            policy.choiceProbabilities();
            policy.loss(tinyBatch(), 0.1);
            assertEquals(arrays, manager.getManagedArrays().size());
            assertEquals(resources, resourceCount(manager));
            assertEquals(0, resources, "nothing stays attached to the policy's manager between calls");
        }
    }

    /**
     * Scalars that DJL frees while autograd still needs them give garbage gradients once the garbage collector has
     * reclaimed their buffers. This drives every scalar path (temperature, tanh bound, entropy weight, batch mean)
     * while another thread keeps the collector busy, and requires finite gradients throughout.
     */
    @Test
    void gradientsStayFiniteWhileTheGarbageCollectorRuns() throws InterruptedException {
        SearchSpace space = SearchSpace.builder()
                .decision("a", 0, 1, 2, 3, 4).decision("b", 0, 1, 2, 3, 4).decision("c", 0, 1, 2, 3, 4).build();
        LstmPolicySettings settings = LstmPolicySettings.withLearningRate(0.005).withTanh(2.5, 5.0);
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        Thread collector = new Thread(() -> {
            while (!done.get()) {
                System.gc();
            }
        });
        collector.setDaemon(true);
        collector.start();
        try (LstmPolicy policy = new LstmPolicy(space, settings, 4)) {
            Rng rng = new Rng(8);
            // Without the fix this failed at the first step; each step is slow while the collector spins.
            for (int step = 0; step < 20; step++) {
                List<ScoredArchitecture> batch = List.of(
                        new ScoredArchitecture(policy.sample(rng), rng.nextGaussian()),
                        new ScoredArchitecture(policy.sample(rng), rng.nextGaussian()));
                for (double g : policy.gradient(batch, 0.05)) {
                    assertTrue(Double.isFinite(g), "non-finite gradient at step " + step);
                }
                policy.update(batch, 0.05);
            }
        } finally {
            done.set(true);
            collector.join();
        }
    }

    @Test
    void settingsAreValidated() {
        AdamSettings adam = AdamSettings.withLearningRate(0.01);
        assertThrows(IllegalArgumentException.class, () -> new PolicySpec.Lstm(0, 1.0, 0.0));
        assertThrows(IllegalArgumentException.class, () -> new PolicySpec.Lstm(8, 0.0, 0.0));
        assertThrows(IllegalArgumentException.class, () -> new PolicySpec.Lstm(8, 1.0, -1.0));
        assertThrows(IllegalArgumentException.class, () -> new PolicySpec.Lstm(8, 1.0, Double.NaN));
        assertThrows(NullPointerException.class, () -> new LstmPolicySettings(new PolicySpec.Lstm(8, 1.0, 0.0), null));
        LstmPolicySettings defaults = LstmPolicySettings.defaults(adam);
        assertEquals(new LstmPolicySettings(new PolicySpec.Lstm(64, 1.0, 0.0), adam), defaults);
        assertEquals(new LstmPolicySettings(new PolicySpec.Lstm(64, 5.0, 2.5), adam), defaults.withTanh(2.5, 5.0));
    }

    /** BaseNDManager counts its arrays and open sub-managers in toString ("... Resource size: N"). */
    private static int resourceCount(NDManager manager) {
        Matcher matcher = Pattern.compile("Resource size: (\\d+)").matcher(manager.toString());
        assertTrue(matcher.find(), "DJL's manager description changed: " + manager);
        return Integer.parseInt(matcher.group(1));
    }
}
