package org.nas4j.djl.supernet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.HashSet;
import org.nas4j.data.ImageDataset;
import org.nas4j.djl.data.Batch;
import org.nas4j.djl.data.Batches;
import org.nas4j.djl.data.Normalization;
import org.nas4j.djl.data.TrainingData;
import org.nas4j.random.Rng;
import org.nas4j.space.Architecture;

/**
 * Scores a path of a trained supernet: recalibrates its BatchNorm statistics on a fixed sample of training images
 * (the same for every path, so paths differ only in what they are), then counts its correct predictions on a fixed
 * sample of the validation split with the shared weights. Nothing stored in the supernet changes.
 */
public final class SupernetScorer {
    private final Supernet supernet;
    private final ImageDataset calibration;
    private final ImageDataset validation;
    private final int calibrationBatch;
    private final Normalization normalization;

    public SupernetScorer(Supernet supernet, TrainingData data, SupernetSettings settings, long seed) {
        this.supernet = supernet;
        ImageDataset train = data.train();
        int calibrate = Math.min(settings.calibrationImages(), train.size());
        this.calibration = calibrate == 0 ? null : train.proportionalSample(calibrate,
                Rng.derive(seed, "calibration images"));
        ImageDataset evaluation = data.evaluation();
        this.validation = settings.scoreImages() == 0 || settings.scoreImages() >= evaluation.size() ? evaluation
                : evaluation.proportionalSample(settings.scoreImages(), Rng.derive(seed, "scored images"));
        this.calibrationBatch = settings.calibrationBatch();
        this.normalization = data.normalization();
    }

    /** The validation images a path is scored on. */
    public int images() {
        return validation.size();
    }

    /** The share of the scored validation images the path classifies right. */
    public double accuracy(Architecture architecture, NDManager parent) {
        var spec = supernet.spec(architecture);
        try (NDManager manager = parent.newSubManager();
             BatchNormStatistics statistics = calibration == null ? null : new BatchNormStatistics(manager)) {
            if (statistics != null) {
                for (Batch batch : Batches.inOrder(calibration, calibrationBatch, normalization).epoch(manager, 0)) {
                    try (batch) {
                        supernet.forward(spec, batch.images(), new Supernet.Pass(batch.manager(),
                                Supernet.Mode.CALIBRATE, statistics, new HashSet<>()));
                    }
                }
            }
            long correct = 0;
            for (Batch batch : Batches.inOrder(validation, 256, normalization).epoch(manager, 0)) {
                try (batch) {
                    NDArray logits = supernet.forward(spec, batch.images(), new Supernet.Pass(batch.manager(),
                            Supernet.Mode.INFER, statistics, new HashSet<>()));
                    long[] predicted = logits.argMax(1).toLongArray();
                    int[] indices = batch.indices();
                    for (int i = 0; i < predicted.length; i++) {
                        if (predicted[i] == validation.label(indices[i])) {
                            correct++;
                        }
                    }
                }
            }
            return (double) correct / validation.size();
        }
    }
}
