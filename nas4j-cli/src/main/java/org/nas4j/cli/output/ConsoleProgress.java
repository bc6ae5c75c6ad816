package org.nas4j.cli.output;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.stream.Collectors;
import org.nas4j.eval.Metrics;
import org.nas4j.search.FinalistResult;
import org.nas4j.search.FinalistsPlan;
import org.nas4j.search.RetrainPlan;
import org.nas4j.djl.supernet.SupernetSettings;
import org.nas4j.djl.supernet.SupernetTrainer;
import org.nas4j.search.StudyListener;
import org.nas4j.search.SupernetPlan;
import org.nas4j.study.TrialResult;

/**
 * What a person watching a study sees on stderr: during the search, a bar for the running trial's training with the
 * study's estimated time left and a line per finished trial; then a line per finalist, and the retraining's epochs.
 */
public final class ConsoleProgress implements StudyListener {
    private final PrintWriter err;
    private int total;
    /** The bar redraws a line in place: only on a terminal, not in a log file. */
    private final boolean bar = ProgressBar.onTerminal();
    private int lastPercent = -1;
    private int done;
    private int doneBefore;
    private long started;
    private long trialStarted;
    private double bestReward = Double.NEGATIVE_INFINITY;

    private final TrainingProgress training;

    public ConsoleProgress(PrintWriter err) {
        this.err = err;
        this.training = new TrainingProgress(err);
    }

    /**
     * The search starts with {@code finished} trials done before (a resumed study), the best of them scoring
     * {@code bestBefore}: a later trial is "best so far" only when it beats that too.
     */
    @Override
    public void searchStarting(int trainImages, int validationImages, int finished, int totalTrials,
                               OptionalDouble bestBefore, int updates) {
        if (trainImages == 0 && validationImages == 0) {
            err.println("candidates are looked up in a benchmark table");
        } else if (updates == 0) {
            err.printf(Locale.ROOT, "candidates are scored with the supernet's weights on %,d validation images%n",
                    validationImages);
        } else {
            err.printf(Locale.ROOT, "candidates train on %,d images and are judged on %,d validation images%n",
                    trainImages, validationImages);
        }
        total = totalTrials;
        done = finished;
        doneBefore = finished;
        bestReward = bestBefore.orElse(Double.NEGATIVE_INFINITY);
        started = System.nanoTime();
        trialStarted = started;
        if (finished > 0) {
            err.printf("resuming: %d of %d trials already done%n", finished, total);
        }
    }

    @Override
    public void trainingProgress(Phase phase, int updates, int totalUpdates) {
        if (phase != Phase.CANDIDATE) {
            training.update(updates, totalUpdates);
            return;
        }
        double fraction = Math.min(1.0, (double) updates / Math.max(1, totalUpdates));
        int percent = (int) (100 * fraction);
        if (!bar || percent == lastPercent) {
            return;
        }
        lastPercent = percent;
        err.print(ProgressBar.line("trial " + (done + 1) + "/" + total, fraction, eta(fraction)));
        err.flush();
    }

    /** The latency and size, where the evaluator measured them (a table may give neither). */
    static String measured(Metrics m) {
        return (Double.isNaN(m.latencyMs()) ? "" : String.format(Locale.ROOT, ", %.2f ms", m.latencyMs()))
                + (m.parameters() < 0 ? "" : String.format(Locale.ROOT, ", %,d params", m.parameters()));
    }

    @Override
    public void trialFinished(TrialResult result) {
        done++;
        double seconds = (System.nanoTime() - trialStarted) / 1e9;
        trialStarted = System.nanoTime();
        String line;
        if (result.isComplete()) {
            Metrics m = result.metrics().orElseThrow();
            boolean better = result.reward() > bestReward;
            bestReward = Math.max(bestReward, result.reward());
            line = String.format(Locale.ROOT, "trial %d: %s %.4f%s, reward %.4f%s (%.0f s)",
                    result.number(), m.isOneShot() ? "one-shot acc" : "val acc", m.accuracy(), measured(m),
                    result.reward(), better ? ", best so far" : "", seconds);
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

    @Override
    public void supernetStarting(SupernetPlan plan) {
        SupernetSettings s = plan.settings();
        err.printf(Locale.ROOT, "supernet: %s weights (%,d values), %s paths (%d a step), %d epochs = %,d steps "
                        + "on %,d images%s%n", s.sharing(), plan.parameters(), s.sampling(), plan.pathsPerStep(),
                s.training().epochs(), plan.totalSteps(), plan.trainImages(), plan.stepsDone() > 0
                        ? String.format(Locale.ROOT, "; resuming at step %,d from %s", plan.stepsDone(),
                        plan.checkpoint().orElseThrow()) : "");
        training.start("supernet", s.training().epochs());
    }

    @Override
    public void supernetTrained(SupernetTrainer.Result result) {
        long now = result.steps() - result.resumedFrom();
        err.printf(Locale.ROOT, "supernet trained: %,d steps (%s), %.0f s%n", result.steps(), now == 0
                ? "all from its checkpoint, none this run" : String.format(Locale.ROOT, "%,d this run, last loss "
                + "%.3f", now, result.lastLoss()), result.seconds());
        err.flush();
    }

    @Override
    public void finalistsStarting(FinalistsPlan plan) {
        err.printf("finalists: the %d best trials by reward (%s)%s train %d epochs on %,d images; the most "
                        + "accurate on %,d validation images is retrained%n", plan.bestByReward().size(),
                plan.bestByReward().stream().map(t -> String.valueOf(t.number())).collect(Collectors.joining(", ")),
                plan.reference().map(r -> " and the latency reference (trial " + r.number() + ")").orElse(""),
                plan.epochs(), plan.trainImages(), plan.validationImages());
        training.start("finalist", plan.epochs());
    }

    @Override
    public void finalistFinished(FinalistResult finalist) {
        TrialResult t = finalist.trial();
        err.printf(Locale.ROOT, "  trial %d%s: %s (search: %.4f) in %.0f s%n", t.number(),
                finalist.reference() ? " (reference)" : "",
                finalist.result().trained()
                        ? String.format(Locale.ROOT, "validation accuracy %.4f", finalist.result().validationAccuracy())
                        : "FAILED, " + finalist.result().failure().orElseThrow(),
                t.metrics().orElseThrow().accuracy(), finalist.result().seconds());
        err.flush();
    }

    @Override
    public void retrainStarting(RetrainPlan plan) {
        err.printf("retraining %s for %d epochs on %,d images of %s...%n", label(plan.trial()), plan.epochs(),
                plan.trainImages(), plan.dataSource());
        training.start("retrain", plan.epochs());
    }

    /** How a retrained network is named: its trial, or "the given architecture". */
    public static String label(java.util.Optional<Integer> trial) {
        return trial.map(n -> "trial " + n).orElse("the given architecture");
    }
}
