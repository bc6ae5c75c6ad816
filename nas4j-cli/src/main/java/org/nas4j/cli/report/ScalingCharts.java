package org.nas4j.cli.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.nas4j.charts.LineChart;
import org.nas4j.charts.Palette;
import org.nas4j.charts.Series;
import org.nas4j.scale.ScalingTable;
import org.nas4j.scale.Way;

/**
 * A scaling run's two charts: mean test accuracy against FLOPs and against latency, one line per way of scaling,
 * each starting from B0 so that the ways are seen leaving the same point.
 */
public final class ScalingCharts {
    private ScalingCharts() {
    }

    public static LineChart accuracyAgainstFlops(List<ScalingTable.Line> lines) {
        // A linear axis: a family spans about one decade of FLOPs, in which a log axis would have one label or none.
        return chart(lines, "Test accuracy against FLOPs, by way of scaling", "MFLOPs", false,
                l -> l.flops() / 1e6);
    }

    public static LineChart accuracyAgainstLatency(List<ScalingTable.Line> lines) {
        return chart(lines, "Test accuracy against latency, by way of scaling",
                "latency (ms, batch 1, timed in turn with B0)", false, ScalingTable.Line::latencyMs);
    }

    private static LineChart chart(List<ScalingTable.Line> lines, String title, String xLabel, boolean logX,
                                   ToDoubleFunction<ScalingTable.Line> x) {
        List<ScalingTable.Line> plotted = lines.stream()
                .filter(l -> Double.isFinite(l.meanAccuracy()) && Double.isFinite(x.applyAsDouble(l))).toList();
        LineChart.Builder chart = LineChart.builder().title(title).xLabel(xLabel).yLabel("test accuracy (mean of "
                + "seeds)").logX(logX).size(900, 420);
        List<ScalingTable.Line> base = plotted.stream().filter(l -> l.way().equals(Way.BASE.text())).toList();
        Map<String, List<ScalingTable.Line>> byWay = new LinkedHashMap<>();
        for (ScalingTable.Line l : plotted) {
            if (!l.way().equals(Way.BASE.text())) {
                byWay.computeIfAbsent(l.way(), w -> new ArrayList<>(base)).add(l);
            }
        }
        int colour = 0;
        for (Map.Entry<String, List<ScalingTable.Line>> way : byWay.entrySet()) {
            List<ScalingTable.Line> points = way.getValue().stream()
                    .sorted(Comparator.comparingDouble(x)).toList();
            chart.add(Series.markedLine(way.getKey(), points.stream().mapToDouble(x).toArray(),
                    points.stream().mapToDouble(ScalingTable.Line::meanAccuracy).toArray())
                    .withColour(Palette.colour(colour++)));
        }
        if (!base.isEmpty()) {
            chart.add(Series.rings("B0, the base", base.stream().mapToDouble(x).toArray(),
                    base.stream().mapToDouble(ScalingTable.Line::meanAccuracy).toArray()).withColour(Palette.BLACK));
        }
        if (byWay.isEmpty() && base.isEmpty()) {
            throw new IllegalArgumentException("no member has trained yet, so there is nothing to plot");
        }
        return chart.build();
    }
}
