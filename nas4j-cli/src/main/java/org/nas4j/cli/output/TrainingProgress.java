package org.nas4j.cli.output;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * Progress of one network's training on stderr: a line per finished epoch and, on a terminal, a bar with the time
 * left, redrawn in place.
 */
public final class TrainingProgress {
    private final PrintWriter err;
    private final boolean bar = ProgressBar.onTerminal();
    private String what = "training";
    private int epochs = 1;
    private long start = System.nanoTime();
    /** Updates done before this process saw the first one (a training resumed from a checkpoint), -1 until then. */
    private int before = -1;

    public TrainingProgress(PrintWriter err) {
        this.err = err;
    }

    /** A new network of {@code what} starts training for {@code epochCount} epochs. */
    public void start(String label, int epochCount) {
        this.what = label;
        this.epochs = Math.max(1, epochCount);
        this.start = System.nanoTime();
        this.before = -1;
    }

    /** {@code updates} of {@code totalUpdates} are done. */
    public void update(int updates, int totalUpdates) {
        if (before < 0 || updates == 1) {
            start = System.nanoTime();
            before = updates - 1;
        }
        int updatesPerEpoch = Math.max(1, totalUpdates / epochs);
        double elapsed = (System.nanoTime() - start) / 1e9;
        double fraction = (double) updates / Math.max(1, totalUpdates);
        // The pace of this run only: a resumed training's earlier updates took no time here.
        double fractionThisRun = (double) (updates - before) / Math.max(1, totalUpdates - before);
        if (updates % updatesPerEpoch == 0) {
            err.printf(Locale.ROOT, bar ? "\r%-100s%n" : "%s%n", String.format(Locale.ROOT,
                    "  %s epoch %d/%d done (%.0f s)", what, updates / updatesPerEpoch, epochs, elapsed));
            err.flush();
        } else if (bar && updates % Math.max(1, totalUpdates / 200) == 0) {
            err.print(ProgressBar.line(what + " epoch " + (updates / updatesPerEpoch + 1) + "/" + epochs, fraction,
                    ProgressBar.eta(elapsed, fractionThisRun)));
            err.flush();
        }
    }
}
