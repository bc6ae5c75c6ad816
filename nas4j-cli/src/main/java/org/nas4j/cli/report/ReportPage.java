package org.nas4j.cli.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.nas4j.cli.output.Json;
import org.nas4j.config.StudyConfig;
import org.nas4j.eval.Metrics;
import org.nas4j.pareto.ParetoFront;
import org.nas4j.pareto.ParetoPoint;
import org.nas4j.space.SearchSpace;
import org.nas4j.study.StudyStorage.StoredTrial;
import org.nas4j.study.Curve;
import org.nas4j.study.TrialResult;
import org.nas4j.study.TrialState;

/**
 * The report as one HTML page that needs nothing else: the style sheet is inline and the charts are inline SVG, so
 * it opens from a file on a machine without network access.
 */
final class ReportPage {
    static final int TOP = 10;
    // Provenance keys as ./nas4j search writes them, in the words a reader expects; others are shown as they are.
    private static final Map<String, String> PROVENANCE_LABELS = Map.of("cpu", "CPU", "processors", "processors",
            "engine", "engine", "djl", "DJL", "java", "Java", "os", "OS");

    private final StudyReport report;
    private final StringBuilder html = new StringBuilder();

    private ReportPage(StudyReport report) {
        this.report = report;
    }

    static String render(StudyReport report) {
        return new ReportPage(report).page();
    }

    private String page() {
        html.append(Html.pageStart("nas4j study " + report.study().name()));
        header();
        probabilities();
        rewards();
        learningCurves();
        supernet();
        pareto();
        top();
        unsuccessful();
        html.append(Html.pageEnd(report.file()));
        return html.toString();
    }

    private void header() {
        StudyConfig config = report.config();
        html.append("<header>\n<h1>Study <span class=\"name\">").append(Html.escape(report.study().name()))
                .append("</span></h1>\n<div class=\"counts\">");
        for (TrialState state : List.of(TrialState.COMPLETE, TrialState.FAILED, TrialState.PRUNED,
                TrialState.RUNNING)) {
            html.append("<span class=\"count ").append(state.name().toLowerCase(Locale.ROOT))
                    .append("\"><b>").append(report.count(state)).append("</b> ").append(state).append("</span>");
        }
        html.append("<span class=\"count total\"><b>").append(report.trials().size()).append("</b> trials</span>")
                .append("</div>\n<table class=\"facts\">\n");
        fact("config hash", "<code>" + Html.escape(report.study().configHash()) + "</code>");
        fact("created", Html.escape(created(report.study().created())));
        fact("strategy", Html.escape(config.strategy().kind()));
        fact("reward", Html.escape(config.reward().describe()));
        SearchSpace space = config.space();
        fact("search space", space.size() + " decisions, " + String.format(Locale.ROOT, "%,d",
                space.cardinality()) + " architectures");
        provenance();
        html.append("</table>\n");
        Optional<TrialResult> best = report.best();
        if (best.isPresent()) {
            TrialResult b = best.get();
            Metrics m = b.metrics().orElseThrow();
            html.append("<div class=\"best-trial\"><h2>Best trial: ").append(b.number())
                    .append("</h2>\n<p>reward <b>")
                    .append(Html.number(b.reward(), 4)).append(m.isOneShot()
                            ? "</b> &middot; one-shot validation accuracy (the supernet's shared weights) <b>"
                            : "</b> &middot; validation accuracy <b>")
                    .append(Html.number(m.accuracy(), 4)).append("</b> &middot; latency <b>")
                    .append(Html.number(m.latencyMs(), 3)).append("</b> ms &middot; <b>")
                    .append(Html.count(m.parameters())).append("</b> parameters &middot; <b>")
                    .append(Html.mflops(m.flops())).append("</b> MFLOPs</p>\n<p class=\"arch\">")
                    .append(Html.architecture(b.architecture().canonicalString())).append("</p></div>\n");
        } else {
            html.append("<div class=\"best-trial\"><h2>Best trial</h2><p>No trial has completed yet.</p></div>\n");
        }
        html.append("<details><summary>Config</summary>\n<pre>").append(Html.escape(report.study().config()))
                .append("</pre></details>\n</header>\n");
    }

    /** The creation time to the second; the stored text as it is when it is not an instant. */
    private static String created(String stored) {
        try {
            return Instant.parse(stored).truncatedTo(ChronoUnit.SECONDS).toString();
        } catch (DateTimeParseException e) {
            return stored;
        }
    }

    private void fact(String label, String valueHtml) {
        html.append("<tr><th>").append(Html.escape(label)).append("</th><td>").append(valueHtml)
                .append("</td></tr>\n");
    }

    private void provenance() {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(report.study().provenance());
        } catch (JsonProcessingException e) {
            node = null;
        }
        if (node == null || !node.isObject()) {
            // Written by another tool or an older nas4j: show it as it is rather than fail the whole report.
            fact("provenance", Html.escape(report.study().provenance()));
            return;
        }
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            fact(PROVENANCE_LABELS.getOrDefault(field.getKey(), field.getKey()),
                    Html.escape(field.getValue().asText()));
        }
    }

    private void probabilities() {
        section("probabilities", "Controller probabilities");
        List<StoredTrial> recorded = report.trials().stream()
                .filter(t -> t.choiceProbabilities().isPresent()).toList();
        String strategy = report.config().strategy().kind();
        if (recorded.isEmpty() && strategy.startsWith("reinforce")) {
            html.append("<p class=\"note\">No trial has recorded the controller's probabilities yet.</p>\n");
            endSection();
            return;
        }
        if (recorded.isEmpty()) {
            html.append("<p class=\"note\">No trial recorded controller probabilities: the ")
                    .append(Html.escape(strategy))
                    .append(" strategy keeps no distribution over the options (only REINFORCE does).</p>\n");
            endSection();
            return;
        }
        html.append("<p class=\"note\">The probability the controller gives each option of each decision, after "
                + "hearing of each trial.");
        if (strategy.equals("reinforce-lstm")) {
            html.append(" The LSTM controller's choices depend on the earlier ones; these are its distributions "
                    + "along its most likely architecture.");
        }
        html.append("</p>\n<div class=\"grid\">\n");
        SearchSpace space = report.config().space();
        for (int d = 0; d < space.size(); d++) {
            html.append(ReportCharts.probabilities(space.decision(d), d, recorded));
        }
        html.append("</div>\n");
        endSection();
    }

    private void rewards() {
        section("rewards", "Reward per trial");
        if (report.trials().stream().allMatch(t -> t.result().state() == TrialState.RUNNING)) {
            html.append("<p class=\"note\">No trial has finished yet.</p>\n");
        } else {
            html.append(ReportCharts.rewards(report.trials(), report.best()));
        }
        endSection();
    }

    /** The trials' validation accuracy after each epoch, where the study recorded it. */
    private void learningCurves() {
        List<Curve> curves = report.curves(Curve.VALIDATION_ACCURACY).stream().filter(c -> !c.ofStudy()).toList();
        if (curves.isEmpty()) {
            return;
        }
        section("curves", "Learning curves");
        html.append("<p class=\"note\">Each trial's validation accuracy after each epoch of its training. The "
                + "lines are the " + Math.min(ReportCharts.CURVES_DRAWN, curves.size()) + " most accurate trials "
                + "at their last epoch; the dots, every other trial's epochs.</p>\n")
                .append(ReportCharts.learningCurves(curves));
        endSection();
    }

    /** A one-shot study's supernet: its training loss as it trained. */
    private void supernet() {
        List<Curve> loss = report.curves(Curve.SUPERNET_LOSS);
        if (loss.isEmpty()) {
            return;
        }
        section("supernet", "Supernet training");
        html.append("<p class=\"note\">The supernet's training loss, each point the mean over the steps since the "
                + "one before.</p>\n").append(ReportCharts.supernetLoss(loss.get(0)));
        endSection();
    }

    private void pareto() {
        section("pareto", "Accuracy vs latency");
        List<TrialResult> measured = report.completed().stream()
                .filter(r -> r.metrics().orElseThrow().hasLatency()).toList();
        if (measured.isEmpty()) {
            html.append("<p class=\"note\">No completed trial has a measured latency.</p>\n");
            endSection();
            return;
        }
        List<ParetoPoint> front = ParetoFront.of(measured.stream().map(r -> new ParetoPoint(r.number(),
                r.metrics().orElseThrow().accuracy(), r.metrics().orElseThrow().latencyMs())).toList());
        html.append("<p class=\"note\">Completed trials with a measured latency. A trial is on the Pareto front when "
                + "no other is both faster and more accurate; the table below the chart lists them.</p>\n")
                .append(ReportCharts.pareto(measured, front, report.best()));
        List<TrialResult> onFront = front.stream().map(p -> measured.stream()
                .filter(r -> r.number() == p.id()).findFirst().orElseThrow()).toList();
        html.append("<h3>The front, fastest first</h3>\n");
        table(onFront, "front");
        endSection();
    }

    private void top() {
        section("top", "Top " + TOP + " trials by reward");
        List<TrialResult> top = report.completed().stream()
                .sorted(Comparator.comparingDouble(TrialResult::reward).reversed()
                        .thenComparingInt(TrialResult::number))
                .limit(TOP).toList();
        if (top.isEmpty()) {
            html.append("<p class=\"note\">No trial has completed yet.</p>\n");
        } else {
            table(top, "top");
        }
        endSection();
    }

    private void table(List<TrialResult> results, String cssClass) {
        html.append("<table class=\"trials ").append(cssClass).append("\">\n<thead><tr><th>trial</th><th>reward</th>"
                + "<th>val accuracy</th><th>latency ms</th><th>parameters</th><th>MFLOPs</th><th>seconds</th>"
                + "<th>architecture</th></tr></thead>\n<tbody>\n");
        for (TrialResult result : results) {
            Metrics m = result.metrics().orElseThrow();
            html.append("<tr data-trial=\"").append(result.number()).append("\"><td>").append(result.number())
                    .append("</td><td>").append(Html.number(result.reward(), 4))
                    .append("</td><td>").append(Html.number(m.accuracy(), 4)).append(m.isOneShot()
                            ? " <span class=\"one-shot\" title=\"scored on the supernet's shared weights\">"
                            + "one-shot</span>" : "")
                    .append("</td><td>").append(Html.number(m.latencyMs(), 3))
                    .append("</td><td>").append(Html.count(m.parameters()))
                    .append("</td><td>").append(Html.mflops(m.flops()))
                    .append("</td><td>").append(Html.number(seconds(result.number()), 1))
                    .append("</td><td class=\"arch\">").append(Html.architecture(result.architecture()
                            .canonicalString())).append("</td></tr>\n");
        }
        html.append("</tbody>\n</table>\n");
    }

    private void unsuccessful() {
        section("failures", "Failed and pruned trials");
        List<StoredTrial> trials = report.unsuccessful();
        if (trials.isEmpty()) {
            html.append("<p class=\"note\">No trial failed or was pruned.</p>\n");
            endSection();
            return;
        }
        html.append("<table class=\"trials failures\">\n<thead><tr><th>trial</th><th>state</th><th>seconds</th>"
                + "<th>reason</th><th>architecture</th></tr></thead>\n<tbody>\n");
        for (StoredTrial trial : trials) {
            TrialResult result = trial.result();
            html.append("<tr data-trial=\"").append(result.number()).append("\"><td>").append(result.number())
                    .append("</td><td class=\"state ").append(result.state().name().toLowerCase(Locale.ROOT))
                    .append("\">").append(result.state()).append("</td><td>").append(Html.number(trial.seconds(), 1))
                    .append("</td><td class=\"reason\">").append(Html.escape(result.error().orElse("")))
                    .append("</td><td class=\"arch\">").append(Html.architecture(result.architecture()
                            .canonicalString())).append("</td></tr>\n");
        }
        html.append("</tbody>\n</table>\n");
        endSection();
    }

    /** How long the trial took, as the study recorded it (training and measuring, wall clock). */
    private double seconds(int number) {
        return report.trials().stream().filter(t -> t.result().number() == number).findFirst()
                .map(StoredTrial::seconds).orElse(Double.NaN);
    }

    private void section(String id, String title) {
        html.append("<section id=\"").append(id).append("\">\n<h2>").append(Html.escape(title)).append("</h2>\n");
    }

    private void endSection() {
        html.append("</section>\n");
    }
}
