package org.nas4j.cli.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An axis range and its ticks, 1, 2 or 5 times a power of ten apart, so labels read as 0.80, 0.85, 0.90 rather
 * than 0.8123, 0.8517. Ticks are the multiples of the step within the range.
 */
record Ticks(double min, double max, double step) implements Axis {
    private static final double EPS = 1e-9;

    /** A range widened by {@code fraction} on each side (points stay off the frame) and then to round ends. */
    static Ticks padded(double lo, double hi, double fraction, int intervals) {
        if (!(hi > lo)) {
            // One value (or none): give it room on both sides.
            double pad = lo == 0 ? 1 : Math.abs(lo) * 0.1;
            lo -= pad;
            hi += pad;
        }
        double pad = (hi - lo) * fraction;
        double step = step(hi - lo + 2 * pad, intervals, 0);
        double min = Math.floor((lo - pad) / step + EPS) * step;
        // Data that cannot be negative (latencies, accuracies) gets no negative axis.
        return new Ticks(lo >= 0 ? Math.max(0, min) : min, Math.ceil((hi + pad) / step - EPS) * step, step);
    }

    /** An axis of trial numbers: half a trial of room at each end, whole-number ticks. */
    static Ticks trials(int first, int last) {
        double lo = first - 0.5;
        double hi = Math.max(last, first) + 0.5;
        return new Ticks(lo, hi, step(hi - lo, 10, 1));
    }

    /** Probabilities: all of [0, 1], with a little room so lines at 0 and 1 do not hide in the frame. */
    static Ticks probability() {
        return new Ticks(-0.03, 1.03, 0.2);
    }

    private static double step(double span, int intervals, double minStep) {
        double raw = span / intervals;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = 10 * magnitude;
        for (double factor : new double[] {1, 2, 5}) {
            if (factor * magnitude >= raw) {
                step = factor * magnitude;
                break;
            }
        }
        return Math.max(step, minStep);
    }

    @Override
    public double fraction(double value) {
        return (value - min) / (max - min);
    }

    @Override
    public List<Double> values() {
        List<Double> values = new ArrayList<>();
        for (long i = (long) Math.ceil(min / step - EPS); i * step <= max + EPS * step; i++) {
            values.add(i * step);
        }
        return values;
    }

    /** The tick's text, with as many decimals as the step needs. */
    @Override
    public String label(double value) {
        int decimals = (int) Math.max(0, Math.ceil(-Math.log10(step) - EPS));
        String text = String.format(Locale.ROOT, "%." + decimals + "f", value);
        return text.matches("-0(\\.0*)?") ? text.substring(1) : text;
    }
}
