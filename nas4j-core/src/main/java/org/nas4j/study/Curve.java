package org.nas4j.study;

import java.util.List;
import java.util.Objects;

/**
 * A named series of values over steps that a study records as it goes: the supernet's training loss, a trial's
 * validation accuracy after each epoch. It belongs to one trial, or to the study itself ({@link #STUDY}).
 *
 * @param owner  the trial's number, or {@link #STUDY} for a curve of the study as a whole (its supernet's)
 * @param name   what is measured, e.g. {@link #SUPERNET_LOSS}
 * @param points the values, by step
 */
public record Curve(int owner, String name, List<Point> points) {
    /** The owner of a study's own curves, which belong to no trial. */
    public static final int STUDY = -1;
    /** The supernet's training loss, the mean over the steps up to each point's. */
    public static final String SUPERNET_LOSS = "supernet.loss";
    /** A trial's accuracy on the validation split after each epoch (its learning curve). */
    public static final String VALIDATION_ACCURACY = "val_accuracy";
    /** A trial's mean loss on the validation split after each epoch. */
    public static final String VALIDATION_LOSS = "val_loss";

    /** One value after {@code step} steps (updates, or epochs, as the curve counts them). */
    public record Point(long step, double value) {
        public Point {
            if (step < 0) {
                throw new IllegalArgumentException("a curve's step is a count from 0, got " + step);
            }
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("a curve's value must be finite, got " + value + " at step "
                        + step);
            }
        }
    }

    public Curve {
        checkKey(owner, name);
        points = List.copyOf(points);
    }

    /** The checks on what a curve is recorded under, in one place for the record and the storages. */
    public static void checkKey(int owner, String name) {
        Objects.requireNonNull(name, "name");
        if (owner < STUDY) {
            throw new IllegalArgumentException("a curve belongs to a trial (its number) or to the study (-1), got "
                    + owner);
        }
        if (name.isBlank()) {
            throw new IllegalArgumentException("a curve needs a name");
        }
    }

    public boolean ofStudy() {
        return owner == STUDY;
    }
}
