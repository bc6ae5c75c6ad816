package org.nas4j.cli.report;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * A logarithmic axis with ticks at 1, 2 and 5 times powers of ten (only the powers when it spans many decades). For
 * latencies that span orders of magnitude: on a linear axis one slow trial squeezes all the others into a corner.
 */
record LogTicks(double min, double max) implements Axis {
    /** Room at each end, as a factor, so extreme points stay off the frame. */
    private static final double PAD = 1.15;
    /** How much larger than the smallest the largest value must be for a log axis to read better. */
    static final double WORTH_IT = 20;

    static LogTicks covering(double lo, double hi) {
        if (!(lo > 0)) {
            throw new IllegalArgumentException("a log axis needs positive values, got " + lo);
        }
        return new LogTicks(lo / PAD, hi * PAD);
    }

    @Override
    public double fraction(double value) {
        return Math.log(value / min) / Math.log(max / min);
    }

    @Override
    public List<Double> values() {
        int first = (int) Math.floor(Math.log10(min));
        int last = (int) Math.ceil(Math.log10(max));
        double[] mantissas = Math.log10(max / min) > 3 ? new double[] {1} : new double[] {1, 2, 5};
        List<Double> values = new ArrayList<>();
        for (int exponent = first; exponent <= last; exponent++) {
            for (double mantissa : mantissas) {
                double value = BigDecimal.valueOf(mantissa).scaleByPowerOfTen(exponent).doubleValue();
                if (value >= min && value <= max) {
                    values.add(value);
                }
            }
        }
        return values;
    }

    @Override
    public String label(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
