package org.nas4j.strategy.reinforce;

/** Numeric helpers for categorical distributions over a decision's options. */
public final class Distributions {

    private Distributions() {
    }

    /** The softmax of {@code logits[from..to)}, computed stably (shifted by the maximum). */
    public static double[] softmax(double[] logits, int from, int to) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = from; i < to; i++) {
            max = Math.max(max, logits[i]);
        }
        double[] p = new double[to - from];
        double sum = 0;
        for (int i = from; i < to; i++) {
            p[i - from] = Math.exp(logits[i] - max);
            sum += p[i - from];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    /** Entropy in nats; options with probability zero contribute nothing. */
    public static double entropy(double[] p) {
        double h = 0;
        for (double pk : p) {
            if (pk > 0) {
                h -= pk * Math.log(pk);
            }
        }
        return h;
    }

    /** The index of the largest value (the first, on ties). */
    public static int argmax(double[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }
}
