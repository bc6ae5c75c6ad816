package org.nas4j.cli.report;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.nas4j.charts.LineChart;
import org.nas4j.scale.ScalingTable;
import org.nas4j.study.StudyStorage.StoredTrial;
import org.nas4j.study.StudyStorage.StudyInfo;
import org.nas4j.study.TrialResult;

/**
 * The report of a scaling run ({@code nas4j scale}): its members as a table (how each was scaled, its size, FLOPs,
 * latency and test accuracy over the seeds) and the two charts, accuracy against FLOPs and against latency, one
 * line per way of scaling; then the trainings that failed. One HTML file that needs nothing else.
 */
final class ScalingPage {
    private final StringBuilder html = new StringBuilder();

    private ScalingPage() {
    }

    static String render(Path file, StudyInfo study, List<ScalingTable.Line> lines, List<StoredTrial> trials) {
        return new ScalingPage().page(file, study, lines, trials);
    }

    private String page(Path file, StudyInfo study, List<ScalingTable.Line> lines, List<StoredTrial> trials) {
        String name = Html.escape(study.name());
        html.append(Html.pageStart("nas4j scaling " + study.name()))
                .append("<header>\n<h1>Scaling run <span class=\"name\">")
                .append(name).append("</span></h1>\n<p>").append(Html.escape(study.provenance()))
                .append("</p>\n<details><summary>Settings and members</summary>\n<pre>")
                .append(Html.escape(study.config())).append("</pre></details>\n</header>\n");
        html.append("<section id=\"scaling\">\n<h2>Compound scaling and single-dimension scaling</h2>\n");
        table(lines);
        boolean trained = lines.stream().anyMatch(l -> Double.isFinite(l.meanAccuracy()));
        if (trained) {
            figure("flops", ScalingCharts.accuracyAgainstFlops(lines));
            if (lines.stream().anyMatch(l -> Double.isFinite(l.meanAccuracy()) && Double.isFinite(l.latencyMs()))) {
                figure("latency", ScalingCharts.accuracyAgainstLatency(lines));
            }
        } else {
            html.append("<p class=\"note\">No member has trained yet.</p>\n");
        }
        html.append("</section>\n");
        failures(trials);
        html.append(Html.pageEnd(file));
        return html.toString();
    }

    private void table(List<ScalingTable.Line> lines) {
        html.append("<table class=\"trials scaling\">\n<thead><tr><th>name</th><th>way</th><th>phi</th><th>d</th>"
                + "<th>w</th><th>r</th><th>input</th><th>parameters</th><th>MFLOPs</th><th>latency ms</th>"
                + "<th>latency x B0</th><th>test accuracy</th><th>seed spread</th><th>seeds</th><th>accuracy per ms</th></tr></thead>\n"
                + "<tbody>\n");
        for (ScalingTable.Line l : lines) {
            html.append("<tr data-member=\"").append(Html.escape(l.name())).append("\"><td>")
                    .append(Html.escape(l.name())).append("</td><td>").append(Html.escape(l.way()))
                    .append("</td><td>").append(l.phi())
                    .append("</td><td>").append(Html.number(l.depth(), 3))
                    .append("</td><td>").append(Html.number(l.width(), 3))
                    .append("</td><td>").append(Html.number(l.resolution(), 3))
                    .append("</td><td>").append(Html.escape(l.input()))
                    .append("</td><td>").append(Html.count(l.parameters()))
                    .append("</td><td>").append(Html.mflops(l.flops()))
                    .append("</td><td>").append(Html.number(l.latencyMs(), 3))
                    .append("</td><td class=\"latency-ratio\">").append(Html.number(l.latencyRatio(), 3))
                    .append("</td><td>").append(Html.number(l.meanAccuracy(), 4))
                    .append("</td><td>").append(Html.number(l.spread(), 4))
                    .append("</td><td>").append(l.accuracies().size()).append(l.failed() > 0
                            ? " (" + l.failed() + " failed)" : "")
                    .append("</td><td>").append(Html.number(l.accuracyPerMs(), 4)).append("</td></tr>\n");
        }
        html.append("</tbody>\n</table>\n");
    }

    private void figure(String id, LineChart chart) {
        html.append("<figure class=\"wide\" data-chart=\"").append(id).append("\">\n").append(chart.toSvg())
                .append("\n</figure>\n");
    }

    private void failures(List<StoredTrial> trials) {
        List<StoredTrial> failed = trials.stream().filter(t -> !t.result().isComplete())
                .filter(t -> ScalingTable.finished(t.result())).toList();
        if (failed.isEmpty()) {
            return;
        }
        html.append("<section id=\"failures\">\n<h2>Failed trainings</h2>\n<table class=\"trials failures\">\n"
                + "<thead><tr><th>trial</th><th>member</th><th>state</th><th>reason</th></tr></thead>\n<tbody>\n");
        for (StoredTrial trial : failed) {
            TrialResult r = trial.result();
            html.append("<tr><td>").append(r.number()).append("</td><td>")
                    .append(Html.escape(r.architecture().textValue("member"))).append("</td><td class=\"state ")
                    .append(r.state().name().toLowerCase(Locale.ROOT)).append("\">").append(r.state())
                    .append("</td><td class=\"reason\">").append(Html.escape(r.error().orElse("")))
                    .append("</td></tr>\n");
        }
        html.append("</tbody>\n</table>\n</section>\n");
    }
}
