package org.nas4j.toy;

import java.util.List;
import org.nas4j.eval.Evaluator;
import org.nas4j.eval.Metrics;
import org.nas4j.eval.TrialContext;
import org.nas4j.random.Rng;
import org.nas4j.space.Architecture;
import org.nas4j.space.SearchSpace;

/**
 * The classic demonstration of a learned controller: one decision, the kernel size 3, 5 or 7, with a simulated
 * reward of 0.7, 0.9 or 0.6 plus Gaussian noise (sigma 0.02). A working REINFORCE controller learns to pick 5.
 */
public final class KernelSizeToy implements Evaluator {
    public static final String DECISION = "kernel";
    public static final List<Integer> KERNELS = List.of(3, 5, 7);
    public static final List<Double> MEAN_REWARDS = List.of(0.7, 0.9, 0.6);
    public static final double NOISE_SIGMA = 0.02;
    /** Index of kernel 5, the best option. */
    public static final int BEST = 1;

    private final SearchSpace space = SearchSpace.builder().decision(DECISION, 3, 5, 7).build();

    @Override
    public SearchSpace space() {
        return space;
    }

    @Override
    public Metrics evaluate(Architecture architecture, TrialContext context) {
        double noise = new Rng(context.seed()).nextGaussian() * NOISE_SIGMA;
        return Metrics.ofAccuracy(MEAN_REWARDS.get(architecture.choice(0)) + noise);
    }
}
