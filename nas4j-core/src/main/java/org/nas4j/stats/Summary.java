package org.nas4j.stats;

import java.util.Arrays;

/** Count, mean, sample standard deviation, median and range of a set of numbers. */
public record Summary(int count, double mean, double std, double median, double min, double max) {

    public static Summary of(double... values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("cannot summarize an empty set of values");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double sum = 0;
        for (double v : sorted) {
            sum += v;
        }
        double mean = sum / sorted.length;
        double squares = 0;
        for (double v : sorted) {
            squares += (v - mean) * (v - mean);
        }
        double std = sorted.length > 1 ? Math.sqrt(squares / (sorted.length - 1)) : 0.0;
        int mid = sorted.length / 2;
        double median = sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        return new Summary(sorted.length, mean, std, median, sorted[0], sorted[sorted.length - 1]);
    }

    /** The fraction of values for which the test holds. */
    public static double fraction(double[] values, java.util.function.DoublePredicate test) {
        if (values.length == 0) {
            throw new IllegalArgumentException("cannot take a fraction of an empty set of values");
        }
        int hits = 0;
        for (double v : values) {
            if (test.test(v)) {
                hits++;
            }
        }
        return (double) hits / values.length;
    }
}
