package org.nas4j.cli.search;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.OptionalDouble;
import org.nas4j.cli.output.ProgressBar;
import org.nas4j.eval.Metrics;
import org.nas4j.study.TrialResult;

/**
 * What a person watching a search sees on stderr: a bar for the running trial's training with the study's
 * estimated time left, and a line per finished trial.
 */
final class Progress {
    private final PrintWriter err;
    private final int total;
    /** The bar redraws a line in place: only on a terminal, not in a log file. */
    private final boolean bar = ProgressBar.onTerminal();
    private int lastPercent = -1;
    private int updatesPerTrial = 1;
    private int done;
    private int doneBefore;
    private long started;
    private long trialStarted;
    private double bestReward = Double.NEGATIVE_INFINITY;

    Progress(PrintWriter err, int total) {
        this.err = err;
        this.total = total;
    }

    void updatesPerTrial(int updates) {
        this.updatesPerTrial = Math.max(1, updates);
    }

    /**
     * The search starts with {@code finished} trials done before (a resumed study), the best of them scoring
     * {@code bestBefore}: a later trial is "best so far" only when it beats that too.
     */
    void start(int finished, OptionalDouble bestBefore) {
        done = finished;
        doneBefore = finished;
        bestReward = bestBefore.orElse(Double.NEGATIVE_INFINITY);
        started = System.nanoTime();
        trialStarted = started;
        if (finished > 0) {
            err.printf("resuming: %d of %d trials already done%n", finished, total);
        }
    }

    void batch(int updates) {
        double fraction = Math.min(1.0, (double) updates / updatesPerTrial);
        int percent = (int) (100 * fraction);
        if (!bar || percent == lastPercent) {
            return;
        }
        lastPercent = percent;
        err.print(ProgressBar.line("trial " + (done + 1) + "/" + total, fraction, eta(fraction)));
        err.flush();
    }

    void trial(TrialResult result) {
        done++;
        double seconds = (System.nanoTime() - trialStarted) / 1e9;
        trialStarted = System.nanoTime();
        String line;
        if (result.isComplete()) {
            Metrics m = result.metrics().orElseThrow();
            boolean better = result.reward() > bestReward;
            bestReward = Math.max(bestReward, result.reward());
            line = String.format(Locale.ROOT, "trial %d: val acc %.4f, %.2f ms, %,d params, reward %.4f%s (%.0f s)",
                    result.number(), m.accuracy(), m.latencyMs(), m.parameters(), result.reward(),
                    better ? ", best so far" : "", seconds);
        } else {
            line = String.format(Locale.ROOT, "trial %d: %s, %s", result.number(), result.state(),
                    result.error().orElse(""));
        }
        lastPercent = -1;
        err.printf(bar ? "\r%-100s%n" : "%s%n", line);
        err.flush();
    }

    /** Time left for the study, from the pace of the trials run in this process. */
    private String eta(double fractionOfTrial) {
        double elapsed = (System.nanoTime() - started) / 1e9;
        double trialsDone = done - doneBefore + fractionOfTrial;
        if (trialsDone < 0.05) {
            return "";
        }
        return ProgressBar.eta(elapsed, trialsDone / (total - doneBefore));
    }
}
