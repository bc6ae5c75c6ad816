package org.nas4j.study;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.nas4j.eval.TrialPruned;
import org.nas4j.eval.TrialReporter;
import org.nas4j.prune.Pruning;
import org.nas4j.prune.PruningHistory;
import org.nas4j.space.SearchSpace;

/**
 * The reporter of one trial of a stored study: records each epoch's validation accuracy and loss as the trial's
 * curves ({@link Curve#VALIDATION_ACCURACY}, {@link Curve#VALIDATION_LOSS}) as soon as they are reported, so that a
 * watcher sees them and a trial stopped by its process keeps what it reached; then, for a study that prunes, asks
 * the pruner over what the study's trials have recorded, and stops the trial ({@link TrialPruned}) when it says so.
 */
final class TrialCurves implements TrialReporter {
    private final StudyStorage storage;
    private final String study;
    private final int number;
    private final SearchSpace space;
    private final Optional<Pruning> pruning;

    TrialCurves(StudyStorage storage, String study, int number, SearchSpace space, Optional<Pruning> pruning) {
        this.storage = storage;
        this.study = study;
        this.number = number;
        this.space = space;
        this.pruning = pruning;
    }

    @Override
    public void report(int epoch, double accuracy, double loss) {
        // A value that is not finite (no validation images, a diverging loss) is no point of a curve.
        if (Double.isFinite(accuracy)) {
            storage.recordCurve(study, number, Curve.VALIDATION_ACCURACY, List.of(new Curve.Point(epoch, accuracy)));
        }
        if (Double.isFinite(loss)) {
            storage.recordCurve(study, number, Curve.VALIDATION_LOSS, List.of(new Curve.Point(epoch, loss)));
        }
        if (pruning.isPresent() && Double.isFinite(accuracy)) {
            Pruning p = pruning.get();
            Optional<String> stop = p.pruner().stop(number, epoch, p.epochs(), accuracy, history());
            if (stop.isPresent()) {
                throw new TrialPruned(epoch, accuracy, p.pruner().name(), stop.get());
            }
        }
    }

    /** What the study's trials have recorded, as of now: read from the storage, which workers share. */
    private PruningHistory history() {
        Set<Integer> completed = storage.trials(study, space).stream().filter(t -> t.result().isComplete())
                .map(t -> t.result().number()).collect(Collectors.toSet());
        List<Curve> curves = storage.curves(study).stream().filter(c -> !c.ofStudy()
                && c.name().equals(Curve.VALIDATION_ACCURACY)).toList();
        return epoch -> {
            List<PruningHistory.Reported> reported = new ArrayList<>();
            for (Curve curve : curves) {
                curve.points().stream().filter(p -> p.step() == epoch).findFirst().ifPresent(p -> reported.add(
                        new PruningHistory.Reported(curve.owner(), p.value(), completed.contains(curve.owner()))));
            }
            return reported;
        };
    }
}
