package org.nas4j.bench.command;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.nas4j.bench.BenchmarkTable;
import org.nas4j.bench.TabularSearch;
import org.nas4j.cli.output.Csv;
import org.nas4j.charts.LineChart;
import org.nas4j.charts.Series;
import org.nas4j.pareto.ParetoFront;
import org.nas4j.pareto.ParetoPoint;
import org.nas4j.stats.Summary;

/**
 * The accuracy-latency trade-off of a tabular benchmark: the true front over every cell (within the hard limit, if
 * any), and how much of its hypervolume the cells a run queried reach. The reference point is the median accuracy
 * of the table and the highest latency allowed: the area counts only better-than-median cells, where the
 * trade-off is decided (with the lowest accuracy instead, cells near 10% accuracy make every front look complete).
 */
final class Pareto {
    private final BenchmarkTable table;
    private final double[] accuracy;
    private final double[] latencyMs;
    private final double referenceAccuracy;
    private final double referenceLatencyMs;
    private final List<ParetoPoint> trueFront;
    private final double trueHypervolume;

    Pareto(BenchmarkTable table, double[] accuracy, double[] latencyMs, Double maxLatencyMs) {
        this.table = table;
        this.accuracy = accuracy;
        this.latencyMs = latencyMs;
        double slowest = 0;
        List<ParetoPoint> allowed = new ArrayList<>();
        for (int row = 0; row < accuracy.length; row++) {
            if (maxLatencyMs == null || latencyMs[row] <= maxLatencyMs) {
                slowest = Math.max(slowest, latencyMs[row]);
                allowed.add(new ParetoPoint(row, accuracy[row], latencyMs[row]));
            }
        }
        this.referenceAccuracy = Summary.of(accuracy).median();
        this.referenceLatencyMs = maxLatencyMs == null ? slowest : maxLatencyMs;
        this.trueFront = ParetoFront.of(allowed);
        this.trueHypervolume = ParetoFront.hypervolume(trueFront, referenceAccuracy, referenceLatencyMs);
    }

    List<ParetoPoint> trueFront() {
        return trueFront;
    }

    /** The front of the cells a run queried. */
    List<ParetoPoint> seenFront(TabularSearch.Run run) {
        List<ParetoPoint> seen = new ArrayList<>();
        for (int row : run.queriedRows()) {
            seen.add(new ParetoPoint(row, accuracy[row], latencyMs[row]));
        }
        return ParetoFront.of(seen);
    }

    double hypervolumeFraction(TabularSearch.Run run) {
        return ParetoFront.hypervolume(seenFront(run), referenceAccuracy, referenceLatencyMs) / trueHypervolume;
    }

    /** The true front and, per strategy, the front its first run saw, as CSV and as a plot. */
    void write(List<? extends StrategyRuns> results, Path csvFile, Path pngFile) throws IOException {
        LineChart.Builder chart = LineChart.builder()
                .title("Accuracy-latency Pareto fronts (first run of each strategy)")
                .xLabel("latency (ms)")
                .yLabel("accuracy (%)");
        try (Csv csv = Csv.create(csvFile, List.of("front", "latency_ms", "accuracy", "arch_str"))) {
            chart.add(series("true front", trueFront, csv));
            for (StrategyRuns result : results) {
                TabularSearch.Run first = result.runs().get(0);
                chart.add(series(result.name() + " (seed " + first.seed() + ")", seenFront(first), csv));
            }
        }
        chart.build().writePng(pngFile);
    }

    private Series series(String name, List<ParetoPoint> front, Csv csv) {
        double[] xs = new double[front.size()];
        double[] ys = new double[front.size()];
        for (int i = 0; i < xs.length; i++) {
            ParetoPoint point = front.get(i);
            xs[i] = point.latencyMs();
            ys[i] = point.accuracy();
            csv.row(name, point.latencyMs(), point.accuracy(), table.key(point.id()));
        }
        return new Series(name, xs, ys);
    }

    /** A strategy's name and its runs. */
    interface StrategyRuns {
        String name();

        List<TabularSearch.Run> runs();
    }
}
