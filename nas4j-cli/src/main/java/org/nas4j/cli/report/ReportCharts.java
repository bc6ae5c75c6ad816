package org.nas4j.cli.report;

import java.awt.Color;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.nas4j.charts.LineChart;
import org.nas4j.charts.Palette;
import org.nas4j.charts.Series;
import org.nas4j.eval.Metrics;
import org.nas4j.pareto.ParetoPoint;
import org.nas4j.space.Decision;
import org.nas4j.study.StudyStorage.StoredTrial;
import org.nas4j.study.Curve;
import org.nas4j.study.TrialResult;
import org.nas4j.study.TrialState;

/** The report's charts, each an inline SVG in a figure. */
final class ReportCharts {
    private static final Color FAILED = new Color(0xC62828);
    private static final Color OTHER = new Color(0x9E9E9E);
    /** How much larger than the smallest the largest latency must be for a log axis to read better. */
    private static final double LOG_WORTH_IT = 20;

    private ReportCharts() {
    }

    /**
     * The controller's probability of each option of one decision, after each trial that recorded them; empty when
     * none recorded them for this decision.
     */
    static String probabilities(Decision decision, int index, List<StoredTrial> trials) {
        List<StoredTrial> recorded = trials.stream().filter(t -> t.choiceProbabilities()
                .filter(p -> p.size() > index && p.get(index).length == decision.size()).isPresent()).toList();
        if (recorded.isEmpty()) {
            return "";
        }
        LineChart.Builder chart = LineChart.builder().title(decision.name()).xLabel("trial").yLabel("probability")
                .yRange(0, 1).wholeX().size(380, 230);
        double[] numbers = recorded.stream().mapToDouble(t -> t.result().number()).toArray();
        for (int option = 0; option < decision.size(); option++) {
            final int o = option;
            double[] probabilities = recorded.stream()
                    .mapToDouble(t -> t.choiceProbabilities().orElseThrow().get(index)[o]).toArray();
            chart.add(new Series(decision.option(option).toString(), numbers, probabilities));
        }
        return figure("class=\"small\" data-decision=\"" + Html.escape(decision.name()) + "\"", chart.build());
    }

    /** Reward per completed trial with the best so far; trials without a reward lie below the others. */
    static String rewards(List<StoredTrial> trials, Optional<TrialResult> best) {
        List<TrialResult> results = trials.stream().map(StoredTrial::result).toList();
        List<TrialResult> completed = results.stream()
                .filter(r -> r.isComplete() && Double.isFinite(r.reward())).toList();
        List<TrialResult> rewarded = results.stream().filter(r -> (r.isComplete() || r.isStoppedEarly())
                && Double.isFinite(r.reward())).toList();
        double lo = rewarded.stream().mapToDouble(TrialResult::reward).min().orElse(0);
        double hi = rewarded.stream().mapToDouble(TrialResult::reward).max().orElse(1);
        double pad = hi > lo ? (hi - lo) * 0.06 : (lo == 0 ? 1 : Math.abs(lo) * 0.1);
        // Failed and pruned trials have no reward: a row of their own, under the lowest reward.
        double floor = lo - pad;
        LineChart.Builder chart = LineChart.builder().title("Reward of each trial, and the best so far")
                .xLabel("trial").yLabel("reward").yRange(floor - pad, hi + pad).wholeX().size(900, 340);
        if (!completed.isEmpty()) {
            List<double[]> steps = new ArrayList<>();
            double running = Double.NEGATIVE_INFINITY;
            for (TrialResult result : completed) {
                running = Math.max(running, result.reward());
                steps.add(new double[] {result.number(), running});
            }
            steps.add(new double[] {results.get(results.size() - 1).number(), running});
            chart.add(Series.step("best so far", column(steps, 0), column(steps, 1)).withColour(Palette.BLUE));
            chart.add(Series.points("reward of a trial", completed.stream().mapToDouble(TrialResult::number)
                    .toArray(), completed.stream().mapToDouble(TrialResult::reward).toArray())
                    .withColour(Palette.SKY_BLUE));
        }
        List<TrialResult> stopped = rewarded.stream().filter(TrialResult::isStoppedEarly).toList();
        if (!stopped.isEmpty()) {
            // A pruner's stop has a reward, of fewer epochs: drawn apart from the trials that ran to their end.
            chart.add(Series.points("stopped early", stopped.stream().mapToDouble(TrialResult::number).toArray(),
                    stopped.stream().mapToDouble(TrialResult::reward).toArray()).withColour(OTHER));
        }
        for (TrialState state : List.of(TrialState.FAILED, TrialState.PRUNED)) {
            double[] numbers = results.stream().filter(r -> r.state() == state && !r.isStoppedEarly())
                    .mapToDouble(TrialResult::number).toArray();
            if (numbers.length > 0) {
                double[] at = new double[numbers.length];
                Arrays.fill(at, floor);
                chart.add(Series.points(state == TrialState.FAILED ? "failed" : "pruned by a limit", numbers, at)
                        .withColour(state == TrialState.FAILED ? FAILED : Palette.ORANGE));
            }
        }
        best.ifPresent(b -> chart.add(Series.rings("best trial", new double[] {b.number()},
                new double[] {b.reward()}).withColour(Palette.BLACK)));
        return figure("class=\"wide\" data-chart=\"rewards\"", chart.build());
    }

    /** Validation accuracy against latency of completed trials, with the Pareto front as a staircase. */
    static String pareto(List<TrialResult> measured, List<ParetoPoint> front, Optional<TrialResult> best) {
        double[] latencies = measured.stream().mapToDouble(r -> metrics(r).latencyMs()).toArray();
        double slowest = Arrays.stream(latencies).max().orElseThrow();
        double fastest = Arrays.stream(latencies).min().orElseThrow();
        boolean log = fastest > 0 && slowest / fastest > LOG_WORTH_IT;
        LineChart.Builder chart = LineChart.builder().title("Validation accuracy vs latency of completed trials")
                .xLabel(log ? "latency (ms, log scale)" : "latency (ms)").yLabel("validation accuracy").logX(log)
                .size(900, 420);
        // The staircase: beyond each front point's latency, its accuracy is the best to be had until the next one.
        List<double[]> steps = new ArrayList<>();
        for (ParetoPoint point : front) {
            steps.add(new double[] {point.latencyMs(), point.accuracy()});
        }
        steps.add(new double[] {slowest, front.get(front.size() - 1).accuracy()});
        chart.add(Series.step("Pareto front", column(steps, 0), column(steps, 1)).withColour(Palette.VERMILLION));
        List<Integer> onFront = front.stream().map(ParetoPoint::id).toList();
        List<TrialResult> others = measured.stream().filter(r -> !onFront.contains(r.number())).toList();
        if (!others.isEmpty()) {
            chart.add(Series.points("trial", others.stream().mapToDouble(r -> metrics(r).latencyMs()).toArray(),
                    others.stream().mapToDouble(r -> metrics(r).accuracy()).toArray()).withColour(Palette.SKY_BLUE));
        }
        chart.add(Series.points("on the Pareto front", front.stream().mapToDouble(ParetoPoint::latencyMs).toArray(),
                front.stream().mapToDouble(ParetoPoint::accuracy).toArray()).withColour(Palette.VERMILLION));
        best.filter(b -> measured.stream().anyMatch(r -> r.number() == b.number()))
                .ifPresent(b -> chart.add(Series.rings("best reward", new double[] {metrics(b).latencyMs()},
                        new double[] {metrics(b).accuracy()}).withColour(Palette.BLACK)));
        return figure("class=\"wide\" data-chart=\"pareto\"", chart.build());
    }

    /** How many trials' learning curves are drawn as lines; the others are dots, so the legend stays short. */
    static final int CURVES_DRAWN = 8;

    /**
     * Validation accuracy after each epoch: the {@link #CURVES_DRAWN} trials most accurate at their last epoch as
     * lines, every other trial's epochs as dots.
     */
    static String learningCurves(List<Curve> curves) {
        List<Curve> ranked = curves.stream().sorted(Comparator.comparingDouble((Curve c) -> -last(c))
                .thenComparingInt(Curve::owner)).toList();
        LineChart.Builder chart = LineChart.builder().title("Validation accuracy after each epoch")
                .xLabel("epoch").yLabel("validation accuracy").wholeX().size(900, 380);
        List<double[]> others = new ArrayList<>();
        for (int i = 0; i < ranked.size(); i++) {
            Curve curve = ranked.get(i);
            if (i < CURVES_DRAWN) {
                chart.add(Series.markedLine("trial " + curve.owner(), steps(curve), values(curve)));
            } else {
                curve.points().forEach(p -> others.add(new double[] {p.step(), p.value()}));
            }
        }
        if (!others.isEmpty()) {
            chart.add(Series.points("other trials", column(others, 0), column(others, 1)).withColour(OTHER));
        }
        return figure("class=\"wide\" data-chart=\"curves\"", chart.build());
    }

    /** The supernet's training loss over its steps. */
    static String supernetLoss(Curve loss) {
        LineChart.Builder chart = LineChart.builder().title("Supernet training loss").xLabel("step")
                .yLabel("loss").size(900, 340);
        chart.add(Series.line("training loss", steps(loss), values(loss)).withColour(Palette.BLUE));
        return figure("class=\"wide\" data-chart=\"supernet\"", chart.build());
    }

    private static double last(Curve curve) {
        return curve.points().get(curve.points().size() - 1).value();
    }

    private static double[] steps(Curve curve) {
        return curve.points().stream().mapToDouble(Curve.Point::step).toArray();
    }

    private static double[] values(Curve curve) {
        return curve.points().stream().mapToDouble(Curve.Point::value).toArray();
    }

    private static Metrics metrics(TrialResult result) {
        return result.metrics().orElseThrow(() -> new IllegalStateException("trial " + result.number()
                + " completed without metrics"));
    }

    private static double[] column(List<double[]> points, int i) {
        return points.stream().mapToDouble(p -> p[i]).toArray();
    }

    private static String figure(String attributes, LineChart chart) {
        return "<figure " + attributes + ">\n" + chart.toSvg() + "\n</figure>\n";
    }
}
