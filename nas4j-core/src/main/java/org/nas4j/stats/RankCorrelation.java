package org.nas4j.stats;

import java.util.Arrays;
import java.util.Comparator;
import org.nas4j.random.Rng;

/**
 * How well one score orders a set of items as another does: Kendall's tau-b and Spearman's rho (both corrected
 * for ties), a bootstrap interval for tau over resampled items, and the precision of the top fraction. Used to
 * judge how faithfully a cheap estimate (a supernet's score) ranks architectures as training them does.
 */
public final class RankCorrelation {
    private RankCorrelation() {
    }

    /** A bootstrap interval: the statistic on the whole sample and its percentiles over resamples. */
    public record Interval(double estimate, double low, double high, double confidence) {
    }

    /**
     * Kendall's tau-b: (concordant - discordant) / sqrt((n0 - tiesX)(n0 - tiesY)) over all pairs; NaN when one side
     * is constant.
     */
    public static double kendallTau(double[] x, double[] y) {
        check(x, y);
        long concordant = 0;
        long discordant = 0;
        long tiesX = 0;
        long tiesY = 0;
        for (int i = 0; i < x.length; i++) {
            for (int j = i + 1; j < x.length; j++) {
                int dx = Double.compare(x[i], x[j]);
                int dy = Double.compare(y[i], y[j]);
                if (dx == 0 && dy == 0) {
                    tiesX++;
                    tiesY++;
                } else if (dx == 0) {
                    tiesX++;
                } else if (dy == 0) {
                    tiesY++;
                } else if (dx == dy) {
                    concordant++;
                } else {
                    discordant++;
                }
            }
        }
        long pairs = (long) x.length * (x.length - 1) / 2;
        double denominator = Math.sqrt((double) (pairs - tiesX) * (pairs - tiesY));
        return denominator == 0 ? Double.NaN : (concordant - discordant) / denominator;
    }

    /** Spearman's rho: the Pearson correlation of the ranks (tied items share their mean rank). */
    public static double spearman(double[] x, double[] y) {
        check(x, y);
        return pearson(ranks(x), ranks(y));
    }

    /**
     * Tau with a percentile bootstrap interval: {@code resamples} draws of n items with replacement, seeded.
     */
    public static Interval kendallTauInterval(double[] x, double[] y, int resamples, double confidence, long seed) {
        check(x, y);
        if (resamples < 100 || !(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("a bootstrap needs at least 100 resamples and a confidence in (0, 1),"
                    + " got " + resamples + " and " + confidence);
        }
        Rng rng = new Rng(seed);
        double[] taus = new double[resamples];
        int kept = 0;
        double[] bx = new double[x.length];
        double[] by = new double[y.length];
        for (int r = 0; r < resamples; r++) {
            for (int i = 0; i < x.length; i++) {
                int pick = rng.nextInt(x.length);
                bx[i] = x[pick];
                by[i] = y[pick];
            }
            double tau = kendallTau(bx, by);
            if (!Double.isNaN(tau)) {
                taus[kept++] = tau;
            }
        }
        double[] sorted = Arrays.copyOf(taus, kept);
        Arrays.sort(sorted);
        double tail = (1 - confidence) / 2;
        return new Interval(kendallTau(x, y), percentile(sorted, tail), percentile(sorted, 1 - tail), confidence);
    }

    /**
     * The share of the {@code fraction} best items by {@code estimate} that are also among the {@code fraction}
     * best by {@code truth} (at least one item each).
     */
    public static double topPrecision(double[] estimate, double[] truth, double fraction) {
        check(estimate, truth);
        int k = Math.max(1, (int) Math.round(fraction * estimate.length));
        Integer[] byEstimate = order(estimate);
        Integer[] byTruth = order(truth);
        java.util.Set<Integer> best = new java.util.HashSet<>(Arrays.asList(byTruth).subList(0, k));
        int hits = 0;
        for (int i = 0; i < k; i++) {
            if (best.contains(byEstimate[i])) {
                hits++;
            }
        }
        return (double) hits / k;
    }

    private static Integer[] order(double[] values) {
        Integer[] indices = new Integer[values.length];
        for (int i = 0; i < values.length; i++) {
            indices[i] = i;
        }
        Arrays.sort(indices, Comparator.comparingDouble((Integer i) -> values[i]).reversed());
        return indices;
    }

    private static double[] ranks(double[] values) {
        Integer[] sorted = order(values);
        double[] ranks = new double[values.length];
        for (int start = 0; start < sorted.length; ) {
            int end = start;
            while (end + 1 < sorted.length && values[sorted[end + 1]] == values[sorted[start]]) {
                end++;
            }
            double mean = (start + end) / 2.0;
            for (int i = start; i <= end; i++) {
                ranks[sorted[i]] = mean;
            }
            start = end + 1;
        }
        return ranks;
    }

    private static double pearson(double[] x, double[] y) {
        double mx = Arrays.stream(x).average().orElse(0);
        double my = Arrays.stream(y).average().orElse(0);
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxx == 0 || syy == 0 ? Double.NaN : sxy / Math.sqrt(sxx * syy);
    }

    private static double percentile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.floor(q * (sorted.length - 1));
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static void check(double[] x, double[] y) {
        if (x.length != y.length || x.length < 2) {
            throw new IllegalArgumentException("rank correlation needs two equally long lists of at least 2 "
                    + "values, got " + x.length + " and " + y.length);
        }
    }
}
