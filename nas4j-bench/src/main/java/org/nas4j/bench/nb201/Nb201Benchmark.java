package org.nas4j.bench.nb201;

import org.nas4j.bench.BenchmarkTable;
import org.nas4j.bench.BenchmarkTableException;
import org.nas4j.bench.TabularBenchmark;

/** The shipped NAS-Bench-201 CIFAR-10 tables as a {@link TabularBenchmark}, under the standard protocol's costs. */
public final class Nb201Benchmark {
    /** Training epochs behind the search signal: a query costs 12 epochs plus one validation pass. */
    public static final int SIGNAL_EPOCHS = 12;

    private Nb201Benchmark() {
    }

    /** Column of a user's table that gives each query's cost directly, in seconds. */
    public static final String COST_COLUMN = "cost_sec";

    /** Loads the shipped results; each query costs {@code 12 * c10v_train_sec_per_epoch + c10v_valid_eval_sec}. */
    public static TabularBenchmark load() {
        return of(Nb201.loadResults());
    }

    /**
     * A table of the same form (an {@code arch_str} per row, e.g. NAS-Bench-201 results on another dataset): a
     * query costs the {@code cost_sec} column when there is one, else the protocol's two time columns.
     */
    public static TabularBenchmark of(BenchmarkTable table) {
        double[] cost;
        if (table.hasColumn(COST_COLUMN)) {
            cost = table.column(COST_COLUMN);
        } else if (table.hasColumn(Nb201.TRAIN_SECONDS_PER_EPOCH) && table.hasColumn(Nb201.VALID_EVAL_SECONDS)) {
            cost = protocolCost(table);
        } else {
            throw new BenchmarkTableException(table.source() + " needs a '" + COST_COLUMN + "' column, or '"
                    + Nb201.TRAIN_SECONDS_PER_EPOCH + "' and '" + Nb201.VALID_EVAL_SECONDS
                    + "', to charge each query its cost; its numeric columns are " + table.numericColumns());
        }
        return new TabularBenchmark(Nb201.space(), table, Nb201::fromArchString, cost);
    }

    /** The standard protocol's simulated seconds per query, by row. */
    public static double[] protocolCost(BenchmarkTable results) {
        double[] perEpoch = results.column(Nb201.TRAIN_SECONDS_PER_EPOCH);
        double[] evaluation = results.column(Nb201.VALID_EVAL_SECONDS);
        double[] cost = new double[results.rows()];
        for (int row = 0; row < cost.length; row++) {
            cost[row] = SIGNAL_EPOCHS * perEpoch[row] + evaluation[row];
        }
        return cost;
    }
}
