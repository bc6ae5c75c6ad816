package org.nas4j.djl.supernet;

import java.util.Objects;
import org.nas4j.djl.train.TrainingSettings;

/**
 * How a supernet is trained and how its paths are scored.
 *
 * @param training          epochs over the training split, batch size, optimizer, learning rate and schedule
 * @param randomPaths       random paths a sandwich step adds to the largest and smallest
 * @param distill           under the sandwich rule, train the other paths on the largest path's predictions
 *                          (in-place distillation) instead of the labels
 * @param checkpointEvery   steps between checkpoints (one is always written at the end)
 * @param calibrationImages training images whose batches recalibrate a path's BatchNorm before it is scored;
 *                          0 scores with the supernet's running statistics
 * @param calibrationBatch  images per recalibration batch
 * @param scoreImages       validation images a path is scored on, a stratified sample; 0 for all
 * @param enas              the controller of {@code sampling: enas}
 */
public record SupernetSettings(Sharing sharing, PathSampling sampling, TrainingSettings training, int randomPaths,
                               boolean distill, int checkpointEvery, int calibrationImages, int calibrationBatch,
                               int scoreImages, EnasSettings enas) {
    /**
     * Entangled weights, one uniform path a step, the default recipe for 10 epochs. Uniform is the default because
     * a fair or sandwich step runs four paths, and in a fair step every costliest option (the largest kernel, the
     * most layers, the widest stage) among them.
     */
    public static final SupernetSettings DEFAULT = new SupernetSettings(Sharing.ENTANGLED, PathSampling.UNIFORM,
            TrainingSettings.DEFAULT.withEpochs(10), 2, false, 500, 2000, 200, 0, EnasSettings.DEFAULT);

    public SupernetSettings {
        Objects.requireNonNull(sharing, "sharing");
        Objects.requireNonNull(sampling, "sampling");
        Objects.requireNonNull(training, "training");
        Objects.requireNonNull(enas, "enas");
        if (randomPaths < 0 || randomPaths > 16) {
            throw new IllegalArgumentException("random_paths must be in [0, 16], got " + randomPaths);
        }
        if (distill && sampling != PathSampling.SANDWICH) {
            throw new IllegalArgumentException("distill needs sampling: sandwich (the largest path teaches the"
                    + " others), got sampling: " + sampling);
        }
        if (checkpointEvery < 1) {
            throw new IllegalArgumentException("checkpoint_every must be a positive number of steps, got "
                    + checkpointEvery);
        }
        if (calibrationImages < 0 || calibrationBatch < 1) {
            throw new IllegalArgumentException("calibration_images must be >= 0 and calibration_batch >= 1, got "
                    + calibrationImages + " and " + calibrationBatch);
        }
        if (scoreImages < 0) {
            throw new IllegalArgumentException("score_images must be >= 0 (0: the whole validation split), got "
                    + scoreImages);
        }
    }

    /**
     * What the trained weights depend on: everything but the scoring settings and how often checkpoints are
     * written, which a finished supernet can be scored and resumed under unchanged.
     */
    public String trainingFingerprint() {
        return "sharing " + sharing + ", sampling " + sampling + ", " + training + ", random paths " + randomPaths
                + ", distill " + distill + (sampling == PathSampling.ENAS ? ", " + enas : "");
    }

    public SupernetSettings withSharing(Sharing value) {
        return new SupernetSettings(value, sampling, training, randomPaths, distill, checkpointEvery,
                calibrationImages, calibrationBatch, scoreImages, enas);
    }

    public SupernetSettings withSampling(PathSampling value, boolean distillation) {
        return new SupernetSettings(sharing, value, training, randomPaths, distillation, checkpointEvery,
                calibrationImages, calibrationBatch, scoreImages, enas);
    }

    public SupernetSettings withTraining(TrainingSettings value) {
        return new SupernetSettings(sharing, sampling, value, randomPaths, distill, checkpointEvery,
                calibrationImages, calibrationBatch, scoreImages, enas);
    }

    public SupernetSettings withCheckpointEvery(int steps) {
        return new SupernetSettings(sharing, sampling, training, randomPaths, distill, steps, calibrationImages,
                calibrationBatch, scoreImages, enas);
    }

    public SupernetSettings withCalibration(int images, int batch) {
        return new SupernetSettings(sharing, sampling, training, randomPaths, distill, checkpointEvery, images,
                batch, scoreImages, enas);
    }

    public SupernetSettings withEnas(EnasSettings value) {
        return new SupernetSettings(sharing, sampling, training, randomPaths, distill, checkpointEvery,
                calibrationImages, calibrationBatch, scoreImages, value);
    }

    public SupernetSettings withScoreImages(int images) {
        return new SupernetSettings(sharing, sampling, training, randomPaths, distill, checkpointEvery,
                calibrationImages, calibrationBatch, images, enas);
    }
}
