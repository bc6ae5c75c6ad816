package org.nas4j.cli.report;

import org.nas4j.study.StudyStorage.StudyInfo;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.nas4j.config.StudyConfig;
import org.nas4j.study.Curve;
import org.nas4j.study.StudyStorage.StoredTrial;
import org.nas4j.study.TrialResult;
import org.nas4j.study.TrialState;

/** What a report is made of: the study's row, its parsed config, its trials by number and its curves. */
record StudyReport(Path file, StudyInfo study, StudyConfig config, List<StoredTrial> trials, List<Curve> curves) {

    StudyReport {
        trials = List.copyOf(trials);
        curves = List.copyOf(curves);
    }

    /** The study's curves of this name: a trial's each (or the study's own). */
    List<Curve> curves(String name) {
        return curves.stream().filter(c -> c.name().equals(name) && !c.points().isEmpty()).toList();
    }

    /** Completed trials with a reward (a reward that is not a number cannot be charted or ranked). */
    List<TrialResult> completed() {
        return trials.stream().map(StoredTrial::result)
                .filter(r -> r.isComplete() && Double.isFinite(r.reward())).toList();
    }

    /** The completed trial with the highest reward; the earliest of equals, as the search reports it. */
    Optional<TrialResult> best() {
        return completed().stream().max(Comparator.comparingDouble(TrialResult::reward)
                .thenComparing(Comparator.comparingInt(TrialResult::number).reversed()));
    }

    long count(TrialState state) {
        return trials.stream().filter(t -> t.result().state() == state).count();
    }

    /** Trials that ended without a reward, with their reason. */
    List<StoredTrial> unsuccessful() {
        return trials.stream().filter(t -> t.result().state() == TrialState.FAILED
                || t.result().state() == TrialState.PRUNED).toList();
    }
}
