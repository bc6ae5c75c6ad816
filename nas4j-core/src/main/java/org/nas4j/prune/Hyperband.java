package org.nas4j.prune;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.nas4j.random.Rng;

/**
 * Hyperband (Li et al., JMLR 2018) as brackets of asynchronous successive halving (as Optuna's HyperbandPruner):
 * bracket {@code b} starts its rungs at {@code minEpochs * eta^b}, from the most aggressive (the rungs of
 * {@link Asha}) to one without rungs, where trials train to the end. Each trial falls in one bracket, fixed by its
 * number, and competes only with that bracket's trials; brackets that halve more often get more trials, in
 * Hyperband's proportions, so each bracket spends about the same number of epochs.
 *
 * @param minEpochs the first rung of the most aggressive bracket
 * @param eta       the reduction factor of every bracket
 */
public record Hyperband(int minEpochs, int eta) implements Pruner {
    public static final String NAME = "hyperband";

    public Hyperband {
        Asha.checkRungs(minEpochs, eta);
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The brackets of trainings of {@code epochs} epochs: each its rungs, the most aggressive first. */
    public List<List<Integer>> brackets(int epochs) {
        List<Integer> all = Asha.rungs(minEpochs, eta, epochs);
        List<List<Integer>> brackets = new ArrayList<>();
        for (int b = 0; b <= all.size(); b++) {
            brackets.add(all.subList(b, all.size()));
        }
        return brackets;
    }

    /**
     * The bracket of trial {@code trial}: drawn from its number alone, so that every worker agrees, with bracket
     * {@code b} of {@code s + 1} (that halves {@code r = s - b} times) weighted {@code ceil((s + 1) / (r + 1) *
     * eta^r)}, Hyperband's number of configurations for it.
     */
    public int bracket(int trial, int epochs) {
        int s = brackets(epochs).size() - 1;
        long[] weights = new long[s + 1];
        long total = 0;
        for (int b = 0; b <= s; b++) {
            int halvings = s - b;
            weights[b] = (long) Math.ceil((s + 1.0) / (halvings + 1) * Math.pow(eta, halvings));
            total += weights[b];
        }
        long draw = Math.floorMod(Rng.derive(0, "hyperband trial " + trial), total);
        for (int b = 0; b <= s; b++) {
            draw -= weights[b];
            if (draw < 0) {
                return b;
            }
        }
        return s;
    }

    @Override
    public Optional<String> stop(int trial, int epoch, int epochs, double accuracy, PruningHistory history) {
        int bracket = bracket(trial, epochs);
        List<PruningHistory.Reported> same = history.at(epoch).stream()
                .filter(r -> bracket(r.trial(), epochs) == bracket).toList();
        return Asha.atRung(NAME + " bracket " + bracket, trial, epoch, accuracy, brackets(epochs).get(bracket), eta,
                same);
    }

    @Override
    public void checkEpochs(int epochs) {
        Asha.checkFits(minEpochs, epochs);
    }
}
