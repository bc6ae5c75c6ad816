package org.nas4j.cli.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.nas4j.eval.Metrics;
import org.nas4j.pareto.ParetoPoint;
import org.nas4j.space.Decision;
import org.nas4j.study.StudyStorage.StoredTrial;
import org.nas4j.study.TrialResult;
import org.nas4j.study.TrialState;

/** The report's charts, each an inline SVG followed by its legend in HTML. */
final class ReportCharts {
    // The Okabe-Ito colours of LineChart, which stay distinct under the common colour-vision deficiencies.
    private static final String[] PALETTE = {"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9",
        "#000000"};
    // With more options than colours, the colours repeat dashed.
    private static final String[] DASHES = {"", "6 4", "2 3"};

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
        int first = recorded.get(0).result().number();
        int last = recorded.get(recorded.size() - 1).result().number();
        SvgChart chart = new SvgChart(380, 230, decision.name(), "trial", "probability", Ticks.trials(first, last),
                Ticks.probability());
        StringBuilder legend = new StringBuilder();
        for (int option = 0; option < decision.size(); option++) {
            List<double[]> points = new ArrayList<>();
            for (StoredTrial trial : recorded) {
                points.add(new double[] {trial.result().number(),
                    trial.choiceProbabilities().orElseThrow().get(index)[option]});
            }
            String value = decision.option(option).toString();
            String style = "stroke=\"" + colour(option) + "\"" + dash(option, "stroke-dasharray");
            String hover = decision.name() + " = " + value + ": " + Html.number(points.get(points.size() - 1)[1], 3)
                    + " after trial " + last;
            chart.line(points, "option", style, hover);
            if (points.size() == 1) {
                chart.dot(points.get(0)[0], points.get(0)[1], 3, "option-dot", last, "fill=\"" + colour(option)
                        + "\"", hover);
            }
            legend.append(key("line", "border-top-color:" + colour(option) + dash(option), value));
        }
        return figure("class=\"small\" data-decision=\"" + Html.escape(decision.name()) + "\"", chart,
                legend.toString());
    }

    /** Reward per completed trial with the best so far; trials without a reward stand on the x axis. */
    static String rewards(List<StoredTrial> trials, Optional<TrialResult> best) {
        List<TrialResult> results = trials.stream().map(StoredTrial::result).toList();
        List<TrialResult> completed = results.stream()
                .filter(r -> r.isComplete() && Double.isFinite(r.reward())).toList();
        double lo = completed.stream().mapToDouble(TrialResult::reward).min().orElse(0);
        double hi = completed.stream().mapToDouble(TrialResult::reward).max().orElse(1);
        int last = results.get(results.size() - 1).number();
        SvgChart chart = new SvgChart(900, 340, "Reward of each trial, and the best so far", "trial", "reward",
                Ticks.trials(results.get(0).number(), last), Ticks.padded(lo, hi, 0.06, 6));
        List<double[]> bestSoFar = new ArrayList<>();
        double running = Double.NEGATIVE_INFINITY;
        for (TrialResult result : completed) {
            if (!bestSoFar.isEmpty()) {
                bestSoFar.add(new double[] {result.number(), running});  // the step up happens at this trial
            }
            running = Math.max(running, result.reward());
            bestSoFar.add(new double[] {result.number(), running});
        }
        if (!bestSoFar.isEmpty()) {
            bestSoFar.add(new double[] {last, running});
            chart.line(bestSoFar, "best-line", "", "best reward so far");
        }
        for (TrialResult result : completed) {
            chart.dot(result.number(), result.reward(), 4, "dot", result.number(), "", describe(result));
        }
        for (TrialResult result : results) {
            if (result.state() == TrialState.FAILED || result.state() == TrialState.PRUNED) {
                chart.axisMark(result.number(), result.state().name().toLowerCase(Locale.ROOT), result.number(),
                        "trial " + result.number() + " " + result.state() + ": " + result.error().orElse("")
                                + "\n" + result.architecture().canonicalString());
            }
        }
        best.ifPresent(b -> chart.dot(b.number(), b.reward(), 8, "best-ring", b.number(), "", "best: "
                + describe(b)));
        String legend = key("dot", "", "reward of a trial") + key("line best", "", "best so far")
                + key("ring", "", "best trial") + key("mark failed", "", "failed (on the axis)")
                + key("mark pruned", "", "pruned by a limit (on the axis)");
        return figure("class=\"wide\"", chart, legend);
    }

    /** Validation accuracy against latency of completed trials, with the Pareto front as a staircase. */
    static String pareto(List<TrialResult> measured, List<ParetoPoint> front, Optional<TrialResult> best) {
        double[] latencies = measured.stream().mapToDouble(r -> metrics(r).latencyMs()).toArray();
        double[] accuracies = measured.stream().mapToDouble(r -> metrics(r).accuracy()).toArray();
        boolean log = min(latencies) > 0 && max(latencies) / min(latencies) > LogTicks.WORTH_IT;
        Axis latency = log ? LogTicks.covering(min(latencies), max(latencies))
                : Ticks.padded(min(latencies), max(latencies), 0.05, 8);
        SvgChart chart = new SvgChart(900, 420, "Validation accuracy vs latency of completed trials",
                log ? "latency (ms, log scale)" : "latency (ms)", "validation accuracy", latency,
                Ticks.padded(min(accuracies), max(accuracies), 0.06, 6));
        Map<Integer, TrialResult> byNumber = measured.stream()
                .collect(Collectors.toMap(TrialResult::number, Function.identity()));
        // The staircase: beyond each front point's latency, its accuracy is the best to be had until the next one.
        List<double[]> steps = new ArrayList<>();
        for (ParetoPoint point : front) {
            if (!steps.isEmpty()) {
                steps.add(new double[] {point.latencyMs(), steps.get(steps.size() - 1)[1]});
            }
            steps.add(new double[] {point.latencyMs(), point.accuracy()});
        }
        ParetoPoint slowest = front.get(front.size() - 1);
        steps.add(new double[] {latency.max(), slowest.accuracy()});
        chart.line(steps, "front-line", "", "Pareto front: no trial is both faster and more accurate");
        List<Integer> onFront = front.stream().map(ParetoPoint::id).toList();
        for (TrialResult result : measured) {
            if (!onFront.contains(result.number())) {
                chart.dot(metrics(result).latencyMs(), metrics(result).accuracy(), 4, "dot", result.number(), "",
                        describe(result));
            }
        }
        for (ParetoPoint point : front) {
            chart.dot(point.latencyMs(), point.accuracy(), 6, "front", point.id(), "",
                    "on the Pareto front\n" + describe(byNumber.get(point.id())));
        }
        best.filter(b -> byNumber.containsKey(b.number())).ifPresent(b -> chart.dot(metrics(b).latencyMs(),
                metrics(b).accuracy(), 9, "best-ring", b.number(), "", "best reward: " + describe(b)));
        String legend = key("dot", "", "trial") + key("dot front", "", "on the Pareto front")
                + key("line front", "", "Pareto front") + key("ring", "", "best reward");
        return figure("class=\"wide\"", chart, legend);
    }

    /** What hovering a trial's mark shows: its number, measurements and architecture. */
    static String describe(TrialResult result) {
        Metrics m = metrics(result);
        return String.format(Locale.ROOT, "trial %d: reward %.4f, val acc %.4f, %s ms, %s params%n%s",
                result.number(), result.reward(), m.accuracy(), m.hasLatency()
                        ? String.format(Locale.ROOT, "%.3f", m.latencyMs()) : "-",
                m.parameters() < 0 ? "-" : String.format(Locale.ROOT, "%,d", m.parameters()),
                result.architecture().canonicalString());
    }

    private static Metrics metrics(TrialResult result) {
        return result.metrics().orElseThrow(() -> new IllegalStateException("trial " + result.number()
                + " completed without metrics"));
    }

    private static String colour(int option) {
        return PALETTE[option % PALETTE.length];
    }

    /** The dash of an option's line, as an SVG attribute. */
    private static String dash(int option, String attribute) {
        String pattern = DASHES[(option / PALETTE.length) % DASHES.length];
        return pattern.isEmpty() ? "" : " " + attribute + "=\"" + pattern + "\"";
    }

    /** The dash of an option's line, as CSS for its legend swatch. */
    private static String dash(int option) {
        return (option / PALETTE.length) % DASHES.length == 0 ? "" : ";border-top-style:dashed";
    }

    private static String key(String swatchClass, String swatchStyle, String text) {
        return "<span class=\"key\"><i class=\"" + swatchClass + "\"" + (swatchStyle.isEmpty() ? ""
                : " style=\"" + swatchStyle + "\"") + "></i>" + Html.escape(text) + "</span>";
    }

    private static String figure(String attributes, SvgChart chart, String legend) {
        return "<figure " + attributes + ">\n" + chart.render() + "<figcaption class=\"legend\">" + legend
                + "</figcaption>\n</figure>\n";
    }

    private static double min(double[] values) {
        return Arrays.stream(values).min().orElse(0);
    }

    private static double max(double[] values) {
        return Arrays.stream(values).max().orElse(1);
    }
}
