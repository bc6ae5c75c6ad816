package org.nas4j.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;
import org.nas4j.eval.ConstraintViolation;
import org.nas4j.eval.Evaluator;
import org.nas4j.eval.Metrics;
import org.nas4j.eval.TrialContext;
import org.nas4j.space.Architecture;
import org.nas4j.space.SearchSpace;

/**
 * A search space whose every architecture has a row in a {@link BenchmarkTable}: evaluating one is a lookup, and
 * costs the simulated seconds its training took.
 */
public final class TabularBenchmark {
    private final SearchSpace space;
    private final BenchmarkTable table;
    private final int[] rowByOrdinal;
    private final double[] costSeconds;

    /**
     * @param parseKey    turns a row's key into an architecture of {@code space}
     * @param costSeconds simulated seconds each row's evaluation costs, by row
     */
    public TabularBenchmark(SearchSpace space, BenchmarkTable table, Function<String, Architecture> parseKey,
                            double[] costSeconds) {
        if (space.cardinality().bitLength() > 24) {
            throw new IllegalArgumentException("a tabular benchmark holds at most 2^24 architectures, the space has "
                    + space.cardinality());
        }
        if (costSeconds.length != table.rows()) {
            throw new IllegalArgumentException("need one cost per row: " + table.rows() + " rows, "
                    + costSeconds.length + " costs");
        }
        for (int row = 0; row < costSeconds.length; row++) {
            if (!(costSeconds[row] > 0) || !Double.isFinite(costSeconds[row])) {
                throw new BenchmarkTableException(table.source() + " row " + (row + 2) + " ('" + table.key(row)
                        + "') costs " + costSeconds[row] + " seconds: every query must cost a positive time");
            }
        }
        this.space = space;
        this.table = table;
        this.costSeconds = costSeconds.clone();
        this.rowByOrdinal = new int[space.cardinality().intValueExact()];
        Arrays.fill(rowByOrdinal, -1);
        for (int row = 0; row < table.rows(); row++) {
            Architecture architecture = parseKey.apply(table.key(row));
            if (!architecture.space().equals(space)) {
                throw new BenchmarkTableException(table.source() + " row " + (row + 2) + ": '" + table.key(row)
                        + "' is not an architecture of this space");
            }
            int ordinal = (int) architecture.ordinal();
            if (rowByOrdinal[ordinal] >= 0) {
                throw new BenchmarkTableException(table.source() + ": rows " + (rowByOrdinal[ordinal] + 2) + " and "
                        + (row + 2) + " hold the same architecture " + table.key(row));
            }
            rowByOrdinal[ordinal] = row;
        }
        if (table.rows() != rowByOrdinal.length) {
            throw new BenchmarkTableException(table.source() + " covers " + table.rows() + " of the "
                    + rowByOrdinal.length + " architectures of the space; a tabular benchmark needs a row for every "
                    + "architecture");
        }
    }

    public SearchSpace space() {
        return space;
    }

    public BenchmarkTable table() {
        return table;
    }

    /** The table row of an architecture. */
    public int row(Architecture architecture) {
        return rowByOrdinal[(int) architecture.ordinal()];
    }

    public double costSeconds(int row) {
        return costSeconds[row];
    }

    /**
     * An evaluator that reports one column as the search signal, multiplied by {@code scale} (0.01 turns percent
     * into a fraction), and charges each row's cost. Strategies see nothing else of the table.
     */
    public Evaluator evaluator(String signalColumn, double scale) {
        return evaluator(signalColumn, scale, null, Double.POSITIVE_INFINITY);
    }

    /**
     * As {@link #evaluator(String, double)}, with each row's latency in the metrics; an architecture slower than
     * {@code maxLatencyMs} is rejected before its (simulated) training, at no cost.
     *
     * @param latencyMs latency by row, or null for none
     */
    public Evaluator evaluator(String signalColumn, double scale, double[] latencyMs, double maxLatencyMs) {
        double[] signal = table.column(signalColumn);
        if (latencyMs != null && latencyMs.length != table.rows()) {
            throw new IllegalArgumentException("need one latency per row: " + table.rows() + " rows, "
                    + latencyMs.length + " latencies");
        }
        return new Evaluator() {
            @Override
            public SearchSpace space() {
                return space;
            }

            @Override
            public Metrics evaluate(Architecture architecture, TrialContext context) throws ConstraintViolation {
                int row = row(architecture);
                double latency = latencyMs == null ? Double.NaN : latencyMs[row];
                if (latency > maxLatencyMs) {
                    throw new ConstraintViolation(String.format(Locale.ROOT, "latency %.3f ms is over the limit "
                            + "of %.3f ms", latency, maxLatencyMs), latency / maxLatencyMs);
                }
                return new Metrics(signal[row] * scale, costSeconds[row], latency);
            }
        };
    }
}
