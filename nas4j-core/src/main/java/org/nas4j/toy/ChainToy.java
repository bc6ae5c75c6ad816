package org.nas4j.toy;

import org.nas4j.eval.Evaluator;
import org.nas4j.eval.Metrics;
import org.nas4j.eval.TrialContext;
import org.nas4j.random.Rng;
import org.nas4j.space.Architecture;
import org.nas4j.space.SearchSpace;

/**
 * A simulated reward where the best option of each decision depends on the choice before it, the situation an
 * autoregressive controller is built for. Decisions {@code layer1..layerN} each pick one of K operations; the reward
 * is
 * <pre>  r(a) = (PAIR_WEIGHT * mean_i [a_i = next_i(a_{i-1})] + START_WEIGHT * u(a_1)) / r_max + noise</pre>
 * where each {@code next_i} is a random permutation of the options (the rule that says which operation goes well
 * after which), {@code u} a random preference among the first decision's options, and {@code r_max} the exact
 * optimum (found by dynamic programming), so the unique best architecture scores 1.
 *
 * <p>Every start opens a chain that follows the rules to the end; the start preference decides which chain is best.
 * A factorized policy that has settled on a full chain can leave it only by changing every decision at once:
 * changing the first alone breaks a pair. A controller that sees its earlier choices can learn the rule itself
 * ("after op2 comes op4") from any start, so it can move to a better start and keep its chain. The problem
 * instance is fixed by {@code problemSeed}, independent of the search seeds.
 */
public final class ChainToy implements Evaluator {
    static final double PAIR_WEIGHT = 0.8;
    static final double START_WEIGHT = 0.2;

    private final SearchSpace space;
    private final int[][] next;
    private final double[] start;
    private final double noiseSigma;
    private final double maxRawReward;
    private final Architecture best;

    public ChainToy(int decisions, int options, double noiseSigma, long problemSeed) {
        if (decisions < 2 || options < 2) {
            throw new IllegalArgumentException("a chain needs at least 2 decisions of 2 options, got " + decisions
                    + " x " + options);
        }
        if (!(noiseSigma >= 0)) {
            throw new IllegalArgumentException("noise sigma must be non-negative, got " + noiseSigma);
        }
        SearchSpace.Builder builder = SearchSpace.builder();
        Object[] names = new Object[options];
        for (int k = 0; k < options; k++) {
            names[k] = "op" + k;
        }
        for (int d = 0; d < decisions; d++) {
            builder.decision("layer" + (d + 1), names);
        }
        this.space = builder.build();
        this.noiseSigma = noiseSigma;
        Rng rng = new Rng(problemSeed);
        this.next = new int[decisions][];
        for (int d = 1; d < decisions; d++) {
            next[d] = permutation(options, rng);
        }
        this.start = new double[options];
        for (int k = 0; k < options; k++) {
            start[k] = rng.nextDouble();
        }
        this.best = solve();
        this.maxRawReward = rawReward(best);
    }

    /** The default instance: 6 decisions of 5 options, noise sigma 0.02, problem seed 0. */
    public static ChainToy standard() {
        return new ChainToy(6, 5, 0.02, 0);
    }

    @Override
    public SearchSpace space() {
        return space;
    }

    /** The architecture with the highest expected reward (exactly 1). */
    public Architecture best() {
        return best;
    }

    /** The expected reward, without noise. */
    public double expectedReward(Architecture architecture) {
        return rawReward(architecture) / maxRawReward;
    }

    @Override
    public Metrics evaluate(Architecture architecture, TrialContext context) {
        double noise = noiseSigma == 0 ? 0 : new Rng(context.seed()).nextGaussian() * noiseSigma;
        return Metrics.ofAccuracy(expectedReward(architecture) + noise);
    }

    private double rawReward(Architecture a) {
        int n = space.size();
        double pairs = 0;
        for (int d = 1; d < n; d++) {
            pairs += a.choice(d) == next[d][a.choice(d - 1)] ? 1 : 0;
        }
        return PAIR_WEIGHT * pairs / (n - 1) + START_WEIGHT * start[a.choice(0)];
    }

    /** Exact optimum by dynamic programming over the chain (Viterbi). */
    private Architecture solve() {
        int n = space.size();
        int k = space.decision(0).size();
        double[][] value = new double[n][k];
        int[][] from = new int[n][k];
        for (int j = 0; j < k; j++) {
            value[0][j] = START_WEIGHT * start[j];
        }
        for (int d = 1; d < n; d++) {
            for (int j = 0; j < k; j++) {
                double bestValue = Double.NEGATIVE_INFINITY;
                for (int i = 0; i < k; i++) {
                    double v = value[d - 1][i] + (j == next[d][i] ? PAIR_WEIGHT / (n - 1) : 0);
                    if (v > bestValue) {
                        bestValue = v;
                        from[d][j] = i;
                    }
                }
                value[d][j] = bestValue;
            }
        }
        int[] choices = new int[n];
        for (int j = 1; j < k; j++) {
            if (value[n - 1][j] > value[n - 1][choices[n - 1]]) {
                choices[n - 1] = j;
            }
        }
        for (int d = n - 1; d > 0; d--) {
            choices[d - 1] = from[d][choices[d]];
        }
        return space.architecture(choices);
    }

    private static int[] permutation(int size, Rng rng) {
        int[] p = new int[size];
        for (int i = 0; i < size; i++) {
            p[i] = i;
        }
        for (int i = size - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int tmp = p[i];
            p[i] = p[j];
            p[j] = tmp;
        }
        return p;
    }
}
