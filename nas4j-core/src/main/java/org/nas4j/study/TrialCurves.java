package org.nas4j.study;

import java.util.List;
import org.nas4j.eval.TrialReporter;

/**
 * The reporter of one trial of a stored study: records each epoch's validation accuracy and loss as the trial's
 * curves ({@link Curve#VALIDATION_ACCURACY}, {@link Curve#VALIDATION_LOSS}) as soon as they are reported, so that a
 * watcher sees them and a trial stopped by its process keeps what it reached.
 */
final class TrialCurves implements TrialReporter {
    private final StudyStorage storage;
    private final String study;
    private final int number;

    TrialCurves(StudyStorage storage, String study, int number) {
        this.storage = storage;
        this.study = study;
        this.number = number;
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
    }
}
