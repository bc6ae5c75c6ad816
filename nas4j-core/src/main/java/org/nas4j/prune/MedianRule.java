package org.nas4j.prune;

import java.util.Locale;
import java.util.Optional;

/**
 * The median rule (Golovin et al., Google Vizier; Optuna's MedianPruner): a trial stops after epoch k when its
 * accuracy is below the median of the completed trials' accuracies at k.
 *
 * @param startupTrials no trial stops until this many have completed, so that the median means something
 * @param minEpochs     the fewest epochs a trial trains before it may stop (the first epochs say little)
 */
public record MedianRule(int startupTrials, int minEpochs) implements Pruner {
    public static final String NAME = "median";

    public MedianRule {
        if (startupTrials < 1) {
            throw new IllegalArgumentException("startup_trials must be at least 1, got " + startupTrials);
        }
        if (minEpochs < 1) {
            throw new IllegalArgumentException("min_epochs must be at least 1, got " + minEpochs);
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<String> stop(int trial, int epoch, int epochs, double accuracy, PruningHistory history) {
        if (epoch < minEpochs || epoch >= epochs) {
            return Optional.empty();
        }
        double[] completed = history.at(epoch).stream().filter(r -> r.completed() && r.trial() != trial)
                .mapToDouble(PruningHistory.Reported::accuracy).sorted().toArray();
        if (completed.length < startupTrials) {
            return Optional.empty();
        }
        int n = completed.length;
        double median = n % 2 == 1 ? completed[n / 2] : (completed[n / 2 - 1] + completed[n / 2]) / 2;
        return accuracy < median ? Optional.of(String.format(Locale.ROOT, "accuracy %.4f is below the median "
                + "%.4f of %d completed trials after epoch %d", accuracy, median, n, epoch)) : Optional.empty();
    }

    @Override
    public void checkEpochs(int epochs) {
        if (minEpochs >= epochs) {
            throw new IllegalArgumentException("pruner.min_epochs " + minEpochs + " leaves nothing to stop: trials "
                    + "train " + epochs + " epochs (training.epochs), and a trial is only stopped before its last; "
                    + "set pruner.min_epochs below " + epochs);
        }
    }
}
