package org.nas4j.cli.scale;

import java.io.PrintWriter;
import java.util.Locale;
import org.nas4j.cli.output.TrainingProgress;
import org.nas4j.cli.output.Words;
import org.nas4j.scale.Coefficients;
import org.nas4j.scale.Member;
import org.nas4j.scale.ScalingListener;
import org.nas4j.scale.ScalingResult;

/** A scaling run's progress on stderr: a line per network trained, with the training's own progress bar. */
final class ScalingProgress implements ScalingListener {
    private final PrintWriter err;
    private final TrainingProgress training;

    ScalingProgress(PrintWriter err) {
        this.err = err;
        this.training = new TrainingProgress(err);
    }

    @Override
    public void trainingStarting(String what, int epochs, int updates) {
        err.printf(Locale.ROOT, "%s: training %s, %s%n", what, Words.count(epochs, "epoch"),
                Words.count(updates, "update"));
        err.flush();
        training.start(what, epochs);
    }

    @Override
    public void trainingProgress(int updates, int total) {
        training.update(updates, total);
    }

    @Override
    public void gridPointDone(ScalingResult.GridPoint point) {
        err.printf(Locale.ROOT, "grid %s: %.2f MFLOPs, validation accuracy %s%n", point.points().get(0),
                point.flops() / 1e6, Double.isFinite(point.validationAccuracy())
                        ? String.format(Locale.ROOT, "%.4f", point.validationAccuracy()) : "failed");
        err.flush();
    }

    @Override
    public void coefficientsChosen(Coefficients coefficients) {
        err.printf(Locale.ROOT, "scaling with %s (FLOPs x %.3f per step of phi)%n", coefficients,
                coefficients.flopsFactor());
        err.flush();
    }

    @Override
    public void memberDone(Member member, int seed, ScalingResult.Trained trained) {
        if (trained.ok()) {
            err.printf(Locale.ROOT, "%s seed %d: test accuracy %.4f, %.3f ms (B0 %.3f ms in turn), %.1f MFLOPs%n",
                    member.name(), seed + 1, trained.testAccuracy(), trained.latencyMs(), trained.baseLatencyMs(),
                    member.cost().flops() / 1e6);
        } else {
            err.printf("%s seed %d: FAILED: %s%n", member.name(), seed + 1, trained.error().orElse(""));
        }
        err.flush();
    }
}
