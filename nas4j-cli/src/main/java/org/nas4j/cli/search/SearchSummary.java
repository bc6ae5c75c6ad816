package org.nas4j.cli.search;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.Locale;
import org.nas4j.cli.output.Json;
import org.nas4j.eval.Metrics;
import org.nas4j.search.SearchResult;
import org.nas4j.study.TrialState;

/** The last lines of {@code search} and {@code worker}: the study's trials and its best, as text or JSON. */
final class SearchSummary {
    private SearchSummary() {
    }

    static void print(PrintWriter stdout, boolean json, String where, SearchResult result) {
        long completed = result.count(TrialState.COMPLETE);
        long failed = result.count(TrialState.FAILED);
        long pruned = result.count(TrialState.PRUNED);
        long stopped = result.trials().stream().filter(t -> t.result().isStoppedEarly()).count();
        if (!json) {
            stdout.printf(Locale.ROOT, "study '%s' in %s: %d trials, %d complete, %s%d failed, %d rejected by a "
                    + "limit%n", result.study(), where, result.trials().size(), completed, stopped == 0 ? ""
                    : stopped + " stopped early by the pruner, ", failed, pruned - stopped);
            result.best().ifPresent(b -> {
                Metrics m = b.metrics().orElseThrow();
                String measured = (Double.isNaN(m.latencyMs()) ? "" : String.format(Locale.ROOT,
                        ", latency %.3f ms", m.latencyMs())) + (m.parameters() < 0 ? "" : String.format(Locale.ROOT,
                        ", %,d parameters, %.1f MFLOPs", m.parameters(), m.flops() / 1e6));
                stdout.printf(Locale.ROOT, "best (trial %d): %s %.4f%s, reward %.4f%n  %s%n", b.number(),
                        m.isOneShot() ? "one-shot validation accuracy (shared weights; retrain it to know its own)"
                        : "validation accuracy", m.accuracy(), measured, b.reward(),
                        b.architecture().canonicalString());
            });
            return;
        }
        ObjectNode summary = Json.object();
        summary.put("study", result.study());
        summary.put("trials", result.trials().size());
        summary.put("completed", completed);
        summary.put("failed", failed);
        summary.put("pruned", pruned);
        summary.put("stopped_early", stopped);
        result.best().ifPresent(b -> {
            Metrics m = b.metrics().orElseThrow();
            ObjectNode node = summary.putObject("best");
            node.put("arch", b.architecture().canonicalString());
            node.put("val_acc", m.accuracy());
            node.put("method", m.method().text());
            // A table may give neither latency nor size: those are left out rather than written as NaN or -1.
            if (!Double.isNaN(m.latencyMs())) {
                node.put("latency_ms", m.latencyMs());
            }
            if (m.parameters() >= 0) {
                node.put("params", m.parameters());
                node.put("flops", m.flops());
            }
        });
        stdout.println(summary);
    }
}
