package org.nas4j.search;

import java.util.function.Consumer;
import org.nas4j.study.Curve;

/**
 * The supernet's training loss as a curve of about {@link #POINTS} points: each the mean loss of the steps since
 * the one before, handed on as soon as its last step is taken, so that a watcher sees the training as it goes.
 * Points fall on multiples of one stride, so that a training resumed from a checkpoint records the same steps.
 */
final class LossCurve {
    /** About how many points a whole training gives: enough to draw, few enough to write as it goes. */
    static final int POINTS = 200;

    private final long total;
    private final long every;
    private final Consumer<Curve.Point> sink;
    private double sum;
    private int count;

    LossCurve(long totalSteps, Consumer<Curve.Point> sink) {
        this.total = totalSteps;
        this.every = Math.max(1, (totalSteps + POINTS - 1) / POINTS);
        this.sink = sink;
    }

    /** The loss of step {@code done} (counted from 1). */
    void step(long done, double loss) {
        sum += loss;
        count++;
        if (done % every == 0 || done == total) {
            sink.accept(new Curve.Point(done, sum / count));
            sum = 0;
            count = 0;
        }
    }
}
