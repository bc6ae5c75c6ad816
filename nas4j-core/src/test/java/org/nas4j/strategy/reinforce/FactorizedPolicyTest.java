package org.nas4j.strategy.reinforce;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nas4j.random.Rng;
import org.nas4j.space.Architecture;
import org.nas4j.space.SearchSpace;

class FactorizedPolicyTest {
    private final SearchSpace kernelSpace = SearchSpace.builder().decision("kernel", 3, 5, 7).build();

    @Test
    void workedExampleKernel3WithProbability062AndReward085() {
        FactorizedPolicy policy = new FactorizedPolicy(kernelSpace, AdamSettings.withLearningRate(0.1));
        // Logits whose softmax gives kernel 3 probability 0.62: log-probabilities are logits up to a constant.
        policy.setLogits(0, Math.log(0.62), Math.log(0.30), Math.log(0.08));
        assertEquals(0.62, policy.probabilities(0)[0], 1e-12);
        Architecture kernel3 = kernelSpace.architecture(0);
        double loss = policy.loss(List.of(new ScoredArchitecture(kernel3, 0.85)), 0.0);
        assertEquals(-Math.log(0.62) * 0.85, loss, 1e-12);
        assertEquals(0.406, Math.round(loss * 1000) / 1000.0);
    }

    @Test
    void handWrittenGradientMatchesFiniteDifferences() {
        SearchSpace space = SearchSpace.builder()
                .decision("a", 1, 2, 3)
                .decision("b", "x", "y")
                .decision("c", 1, 2, 3, 4)
                .build();
        FactorizedPolicy policy = new FactorizedPolicy(space, AdamSettings.withLearningRate(0.1));
        Rng rng = new Rng(11);
        for (int d = 0; d < space.size(); d++) {
            double[] logits = new double[space.decision(d).size()];
            for (int k = 0; k < logits.length; k++) {
                logits[k] = rng.nextGaussian();
            }
            policy.setLogits(d, logits);
        }
        List<ScoredArchitecture> batch = List.of(
                new ScoredArchitecture(space.architecture(0, 1, 3), 0.7),
                new ScoredArchitecture(space.architecture(2, 0, 1), -0.4),
                new ScoredArchitecture(space.architecture(2, 1, 3), 1.3));
        for (double entropyWeight : new double[] {0.0, 0.05}) {
            double[] analytic = policy.gradient(batch, entropyWeight);
            double[] numeric = new double[analytic.length];
            double h = 1e-6;
            int index = 0;
            for (int d = 0; d < space.size(); d++) {
                double[] logits = policy.logits(d);
                for (int k = 0; k < logits.length; k++) {
                    double[] plus = logits.clone();
                    plus[k] += h;
                    double[] minus = logits.clone();
                    minus[k] -= h;
                    policy.setLogits(d, plus);
                    double up = policy.loss(batch, entropyWeight);
                    policy.setLogits(d, minus);
                    double down = policy.loss(batch, entropyWeight);
                    policy.setLogits(d, logits);
                    numeric[index++] = (up - down) / (2 * h);
                }
            }
            assertArrayEquals(numeric, analytic, 1e-7, "entropy weight " + entropyWeight);
        }
    }

    @Test
    void anUpdateMovesProbabilityTowardsPositiveAdvantage() {
        FactorizedPolicy policy = new FactorizedPolicy(kernelSpace, AdamSettings.withLearningRate(0.1));
        assertArrayEquals(new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0}, policy.probabilities(0), 1e-12);
        policy.update(List.of(new ScoredArchitecture(kernelSpace.architecture(1), 0.5)), 0.0);
        double[] p = policy.probabilities(0);
        assertEquals(p[0], p[2], 1e-12);
        assertEquals(true, p[1] > 1 / 3.0);
        // Adam's first step moves each logit by the learning rate against the gradient's sign.
        assertArrayEquals(new double[] {-0.1, 0.1, -0.1}, policy.logits(0), 1e-6);
        policy.update(List.of(new ScoredArchitecture(kernelSpace.architecture(1), -0.5)), 0.0);
        assertEquals(true, policy.probabilities(0)[1] < p[1]);
    }

    @Test
    void samplingFollowsTheProbabilities() {
        FactorizedPolicy policy = new FactorizedPolicy(kernelSpace, AdamSettings.withLearningRate(0.1));
        policy.setLogits(0, Math.log(0.62), Math.log(0.30), Math.log(0.08));
        Rng rng = new Rng(1);
        int[] counts = new int[3];
        for (int i = 0; i < 20_000; i++) {
            counts[policy.sample(rng).choice(0)]++;
        }
        assertEquals(0.62, counts[0] / 20_000.0, 0.015);
        assertEquals(0.08, counts[2] / 20_000.0, 0.01);
        assertEquals(Math.log(0.62), policy.logProbability(kernelSpace.architecture(0)), 1e-12);
    }
}
