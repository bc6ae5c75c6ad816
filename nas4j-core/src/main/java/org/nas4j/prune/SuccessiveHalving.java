package org.nas4j.prune;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Synchronous successive halving (Jamieson and Talwalkar, 2016; Li et al., 2018): the study's trials go in brackets
 * of {@code bracket} trials that train side by side. At each rung ({@code minEpochs}, {@code minEpochs * eta} ...
 * epochs, below the training's last) every trial of the bracket waits until all of them have reached it, and only
 * the top {@code 1/eta} of those that did go on; the others stop there. Unlike {@link Asha} no trial is promoted
 * on what the first few reached, at the price of waiting: a bracket's trials pause at the rungs (one trains at a
 * time), so it runs within one process, not across workers.
 *
 * @param minEpochs the first rung, in epochs
 * @param eta       the reduction factor: one in {@code eta} trials goes on from each rung
 * @param bracket   how many trials compete in a bracket
 */
public record SuccessiveHalving(int minEpochs, int eta, int bracket) implements Pruner {
    public static final String NAME = "successive-halving";

    public SuccessiveHalving {
        Asha.checkRungs(minEpochs, eta);
        if (bracket < 2) {
            throw new IllegalArgumentException("pruner.bracket must be at least 2 (the trials that compete at each "
                    + "rung), got " + bracket);
        }
    }

    /** The bracket that leaves one trial to train to the end: {@code eta} to the power of the rungs. */
    public static SuccessiveHalving forEpochs(int minEpochs, int eta, int epochs) {
        Asha.checkRungs(minEpochs, eta);
        Asha.checkFits(minEpochs, epochs);
        long size = 1;
        for (int rung = 0; rung < Asha.rungs(minEpochs, eta, epochs).size(); rung++) {
            size *= eta;
        }
        return new SuccessiveHalving(minEpochs, eta, (int) Math.min(size, 1 << 10));
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The rungs, in epochs, of trainings of {@code epochs} epochs: those below the last epoch. */
    public List<Integer> rungs(int epochs) {
        return Asha.rungs(minEpochs, eta, epochs);
    }

    /**
     * {@code history} must hold the reports of the trial's bracket at {@code epoch}, all of them: the study runs a
     * bracket's trials so that a trial asks only once every one has reached the rung or ended. Exactly the top
     * {@code 1/eta} (at least one) go on; equal accuracies are ranked by trial number.
     */
    @Override
    public Optional<String> stop(int trial, int epoch, int epochs, double accuracy, PruningHistory history) {
        if (!rungs(epochs).contains(epoch)) {
            return Optional.empty();
        }
        List<PruningHistory.Reported> others = history.at(epoch).stream().filter(r -> r.trial() != trial).toList();
        int reached = others.size() + 1;
        int promoted = Math.max(1, reached / eta);
        long ahead = others.stream().filter(r -> r.accuracy() > accuracy
                || (r.accuracy() == accuracy && r.trial() < trial)).count();
        return ahead < promoted ? Optional.empty() : Optional.of(String.format(Locale.ROOT, "accuracy %.4f after "
                + "epoch %d ranks %d of the %d trials of its bracket at that rung (%s, the top %d go on)",
                accuracy, epoch, ahead + 1, reached, NAME, promoted));
    }

    @Override
    public void checkEpochs(int epochs) {
        Asha.checkFits(minEpochs, epochs);
    }
}
