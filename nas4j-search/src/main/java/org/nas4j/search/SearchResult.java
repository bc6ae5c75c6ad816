package org.nas4j.search;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.nas4j.study.StudyStorage.StoredTrial;
import org.nas4j.study.TrialResult;
import org.nas4j.study.TrialState;

/**
 * What a search left in its study: every trial (those of earlier runs too), and whether it stopped because its
 * time budget was spent rather than because it ran its trials.
 */
public record SearchResult(String study, List<StoredTrial> trials, int totalTrials, boolean timeBudgetSpent) {
    public SearchResult {
        trials = List.copyOf(trials);
    }

    public long count(TrialState state) {
        return trials.stream().filter(t -> t.result().state() == state).count();
    }

    /** The completed trial with the highest reward. */
    public Optional<TrialResult> best() {
        return trials.stream().map(StoredTrial::result).filter(TrialResult::isComplete)
                .max(Comparator.comparingDouble(TrialResult::reward));
    }
}
