package org.nas4j.prune;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Asynchronous successive halving (Li et al., "A System for Massively Parallel Hyperparameter Tuning", 2020; as in
 * Optuna's SuccessiveHalvingPruner). Rungs stand at {@code minEpochs}, {@code minEpochs * eta},
 * {@code minEpochs * eta^2} ... epochs, below the training's last; a trial that reaches a rung trains on only if its
 * accuracy there is among the top {@code 1/eta} of every trial's that reached it (while fewer than {@code eta}
 * have, only the best so far goes on). No trial waits for another, so workers on many machines share the rungs.
 *
 * @param minEpochs the first rung, in epochs
 * @param eta       the reduction factor: one in {@code eta} trials goes on from each rung
 */
public record Asha(int minEpochs, int eta) implements Pruner {
    public static final String NAME = "asha";

    public Asha {
        checkRungs(minEpochs, eta);
    }

    static void checkRungs(int minEpochs, int eta) {
        if (minEpochs < 1) {
            throw new IllegalArgumentException("min_epochs must be at least 1, got " + minEpochs);
        }
        if (eta < 2) {
            throw new IllegalArgumentException("eta must be at least 2 (one in eta trials goes on from each "
                    + "rung), got " + eta);
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The rungs, in epochs, of trainings of {@code epochs} epochs: those below the last epoch. */
    public List<Integer> rungs(int epochs) {
        return rungs(minEpochs, eta, epochs);
    }

    static List<Integer> rungs(int first, int eta, int epochs) {
        List<Integer> rungs = new ArrayList<>();
        for (long rung = first; rung < epochs; rung *= eta) {
            rungs.add((int) rung);
        }
        return rungs;
    }

    @Override
    public Optional<String> stop(int trial, int epoch, int epochs, double accuracy, PruningHistory history) {
        return atRung(NAME, trial, epoch, accuracy, rungs(epochs), eta, history.at(epoch));
    }

    /**
     * The rung rule over {@code competing} (the reports at {@code epoch}), the trial's own value counted once
     * whether or not it is among them.
     */
    static Optional<String> atRung(String rule, int trial, int epoch, double accuracy, List<Integer> rungs, int eta,
                                   List<PruningHistory.Reported> competing) {
        if (!rungs.contains(epoch)) {
            return Optional.empty();
        }
        double[] values = competing.stream().filter(r -> r.trial() != trial)
                .mapToDouble(PruningHistory.Reported::accuracy).toArray();
        values = java.util.Arrays.copyOf(values, values.length + 1);
        values[values.length - 1] = accuracy;
        java.util.Arrays.sort(values); // ascending: the k-th best is values[length - k]
        int promoted = Math.max(1, values.length / eta);
        double bar = values[values.length - promoted];
        return accuracy >= bar ? Optional.empty() : Optional.of(String.format(Locale.ROOT, "accuracy %.4f after "
                + "epoch %d is not among the top %d of %d trials at that rung (%s, 1/%d go on; the bar %.4f)",
                accuracy, epoch, promoted, values.length, rule, eta, bar));
    }

    @Override
    public void checkEpochs(int epochs) {
        checkFits(minEpochs, epochs);
    }

    static void checkFits(int minEpochs, int epochs) {
        if (minEpochs >= epochs) {
            throw new IllegalArgumentException("pruner.min_epochs " + minEpochs + " leaves no rung: trials train "
                    + epochs + " epochs (training.epochs), and a rung must come before the last; set "
                    + "pruner.min_epochs below " + epochs + " or train longer");
        }
    }
}
