package org.nas4j.strategy.model;

import java.util.List;
import org.nas4j.space.Architecture;
import org.nas4j.space.SearchSpace;

/**
 * A Gaussian process over architectures, the surrogate of {@link ModelBased}: two architectures are as alike as
 * the decisions they share, by the kernel {@code exp(-differences / lengthscale)}, where {@code differences} counts
 * the decisions on which they differ (a decision that applies to one and not the other differs; one that applies to
 * neither does not). Rewards are standardized; the lengthscale and the noise are those of a small grid that
 * explain the rewards best (the highest marginal likelihood), fitted again on every call of {@link #fit}.
 */
final class GaussianProcess {
    private static final double[] LENGTHSCALES = {0.5, 1, 2, 3, 4, 6, 8};
    private static final double[] NOISES = {1e-4, 1e-3, 1e-2, 0.05, 0.2};
    /** The share of the additive kernel (one term per decision) beside the product one. */
    private static final double[] ADDITIVE = {0, 0.5};

    /** A prediction: the mean and standard deviation of the reward, in the rewards' own units. */
    record Prediction(double mean, double sd) {
    }

    private final SearchSpace space;
    private final List<Architecture> seen;
    private final double mean;
    private final double scale;
    private final double lengthscale;
    private final double noise;
    private final double additive;
    private final double[][] cholesky;
    private final double[] alpha;

    private GaussianProcess(SearchSpace space, List<Architecture> seen, double mean, double scale, double lengthscale,
                            double noise, double additive, double[][] cholesky, double[] alpha) {
        this.space = space;
        this.seen = seen;
        this.mean = mean;
        this.scale = scale;
        this.lengthscale = lengthscale;
        this.noise = noise;
        this.additive = additive;
        this.cholesky = cholesky;
        this.alpha = alpha;
    }

    /** The process that explains these rewards best, of the grid's lengthscales and noises. */
    static GaussianProcess fit(SearchSpace space, List<Architecture> architectures, double[] rewards) {
        int n = architectures.size();
        if (n == 0 || n != rewards.length) {
            throw new IllegalArgumentException("a fit needs as many rewards as architectures, and one at least");
        }
        double mean = 0;
        for (double r : rewards) {
            mean += r;
        }
        mean /= n;
        double variance = 0;
        for (double r : rewards) {
            variance += (r - mean) * (r - mean);
        }
        double scale = n > 1 && variance > 0 ? Math.sqrt(variance / (n - 1)) : 1;
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = (rewards[i] - mean) / scale;
        }
        int[][] differences = new int[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                differences[i][j] = differences(space, architectures.get(i), architectures.get(j));
                differences[j][i] = differences[i][j];
            }
        }
        GaussianProcess best = null;
        double bestLikelihood = Double.NEGATIVE_INFINITY;
        for (double lengthscale : LENGTHSCALES) {
            for (double noise : NOISES) {
                for (double additive : ADDITIVE) {
                    double[][] k = new double[n][n];
                    for (int i = 0; i < n; i++) {
                        for (int j = 0; j < n; j++) {
                            k[i][j] = kernel(differences[i][j], space.size(), lengthscale, additive)
                                    + (i == j ? noise : 0);
                        }
                    }
                    double[][] l = cholesky(k);
                    if (l == null) {
                        continue;
                    }
                    double[] alpha = solve(l, y);
                    double likelihood = logLikelihood(y, alpha, l);
                    if (likelihood > bestLikelihood) {
                        bestLikelihood = likelihood;
                        best = new GaussianProcess(space, List.copyOf(architectures), mean, scale, lengthscale,
                                noise, additive, l, alpha);
                    }
                }
            }
        }
        if (best == null) {
            throw new IllegalStateException("no kernel of the grid gave a positive definite matrix");
        }
        return best;
    }

    /** The log marginal likelihood of standardized rewards {@code y}, up to a constant. */
    private static double logLikelihood(double[] y, double[] alpha, double[][] cholesky) {
        double likelihood = 0;
        for (int i = 0; i < y.length; i++) {
            likelihood -= 0.5 * y[i] * alpha[i] + Math.log(cholesky[i][i]);
        }
        return likelihood;
    }

    /** The posterior of {@code architecture}'s reward. */
    Prediction predict(Architecture architecture) {
        int n = seen.size();
        double[] k = new double[n];
        for (int i = 0; i < n; i++) {
            k[i] = kernel(differences(space, architecture, seen.get(i)), space.size(), lengthscale, additive);
        }
        double mu = 0;
        for (int i = 0; i < n; i++) {
            mu += k[i] * alpha[i];
        }
        double[] v = forward(cholesky, k);
        double variance = 1;
        for (double x : v) {
            variance -= x * x;
        }
        double sd = Math.sqrt(Math.max(variance, 0) + noise);
        return new Prediction(mean + scale * mu, scale * sd);
    }

    /**
     * The kernel of two architectures that differ on {@code differences} of {@code decisions}: the product kernel
     * {@code exp(-differences / lengthscale)} and, in the share {@code additive}, the share of decisions they agree on.
     */
    private static double kernel(int differences, int decisions, double lengthscale, double additive) {
        return (1 - additive) * Math.exp(-differences / lengthscale) + additive * (decisions - differences)
                / (double) decisions;
    }

    /** The decisions on which two architectures differ, as the networks see them. */
    static int differences(SearchSpace space, Architecture a, Architecture b) {
        int count = 0;
        for (int d = 0; d < space.size(); d++) {
            boolean inA = space.applies(d, a);
            boolean inB = space.applies(d, b);
            if (inA != inB || (inA && a.choice(d) != b.choice(d))) {
                count++;
            }
        }
        return count;
    }

    /** The lower triangle L with L L^T = a; null when a is not positive definite. */
    private static double[][] cholesky(double[][] a) {
        int n = a.length;
        double[][] l = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double sum = a[i][j];
                for (int k = 0; k < j; k++) {
                    sum -= l[i][k] * l[j][k];
                }
                if (i == j) {
                    if (!(sum > 0)) {
                        return null;
                    }
                    l[i][i] = Math.sqrt(sum);
                } else {
                    l[i][j] = sum / l[j][j];
                }
            }
        }
        return l;
    }

    /** x with L x = b. */
    private static double[] forward(double[][] l, double[] b) {
        int n = b.length;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            double sum = b[i];
            for (int k = 0; k < i; k++) {
                sum -= l[i][k] * x[k];
            }
            x[i] = sum / l[i][i];
        }
        return x;
    }

    /** x with L L^T x = b. */
    private static double[] solve(double[][] l, double[] b) {
        double[] z = forward(l, b);
        int n = b.length;
        double[] x = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double sum = z[i];
            for (int k = i + 1; k < n; k++) {
                sum -= l[k][i] * x[k];
            }
            x[i] = sum / l[i][i];
        }
        return x;
    }
}
