package org.nas4j.djl.train;

import ai.djl.Model;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import java.util.Locale;
import java.util.function.IntConsumer;
import org.nas4j.djl.model.NetworkBuilder;
import org.nas4j.djl.data.Batch;
import org.nas4j.djl.data.Batches;
import org.nas4j.djl.data.TrainingData;
import org.nas4j.djl.engine.Engines;
import org.nas4j.eval.TrialReporter;

/**
 * Trains a network from scratch on a dataset with the configured optimizer, schedule and batch size, then measures
 * its accuracy on another. Initialization and batch order follow the seed, so the same seed trains the same network.
 * A NaN or infinite loss stops the run with a {@link DivergedException}.
 */
public final class CandidateTrainer {
    private final TrainingSettings settings;

    public CandidateTrainer(TrainingSettings settings) {
        this.settings = settings;
    }

    /** What a training run gave. */
    public record Result(double accuracy, double lastLoss, int updates) {
    }

    /**
     * Trains {@code block} (not yet initialized) inside {@code model}'s memory for {@code epochs} on
     * {@code data.train()} and returns its accuracy on {@code data.evaluation()}.
     *
     * @param onBatch told the number of finished updates, for progress display
     */
    public Result train(Model model, Block block, TrainingData data, int epochs, long seed, IntConsumer onBatch) {
        return train(model, block, data, epochs, seed, onBatch, TrialReporter.NONE);
    }

    /**
     * As {@link #train(Model, Block, TrainingData, int, long, IntConsumer)}, and with a {@code reporter} other than
     * {@link TrialReporter#NONE} scores the network on {@code data.evaluation()} after every epoch and reports its
     * accuracy and loss there, which may stop the training ({@link org.nas4j.eval.TrialPruned} passes on out).
     */
    public Result train(Model model, Block block, TrainingData data, int epochs, long seed, IntConsumer onBatch,
                        TrialReporter reporter) {
        model.setBlock(block);
        Batches batches = Batches.of(data.train(), settings.batchSize(), seed, data.normalization());
        int totalUpdates = Math.max(1, epochs * batches.batchesPerEpoch());
        LearningRateSchedule schedule = new LearningRateSchedule(settings.schedule(), settings.learningRate(),
                totalUpdates);
        Optimizer optimizer = settings.optimizer() == OptimizerKind.SGD
                ? Optimizer.sgd().setLearningRateTracker(schedule).optMomentum(0.9f)
                        .optWeightDecays((float) settings.weightDecay()).build()
                : Optimizer.adam().optLearningRateTracker(schedule).optWeightDecays((float) settings.weightDecay())
                        .build();
        DefaultTrainingConfig config = new DefaultTrainingConfig(new CrossEntropy()).optOptimizer(optimizer);
        int updates = 0;
        double lastLoss = Double.NaN;
        try (Trainer trainer = model.newTrainer(config)) {
            seedEngine(seed);
            trainer.initialize(NetworkBuilder.inputShape(data.train().shape(), settings.batchSize()));
            for (int epoch = 0; epoch < epochs; epoch++) {
                for (Batch batch : batches.epoch(trainer.getManager(), epoch)) {
                    try (batch) {
                        lastLoss = TrainingStep.run(trainer, batch.data(), batch.labels());
                    }
                    updates++;
                    if (!Double.isFinite(lastLoss)) {
                        throw new DivergedException(String.format(Locale.ROOT, "training diverged: the loss became %s "
                                + "at epoch %d, update %d (learning rate %.3g, %s); try a lower learning rate",
                                lastLoss, epoch + 1, updates, schedule.getNewValue(updates), settings.schedule()));
                    }
                    onBatch.accept(updates);
                }
                if (reporter != TrialReporter.NONE) {
                    Inference.Score score = Inference.score(block, trainer.getManager(), data.evaluation(),
                            evaluationBatch(), data.normalization());
                    reporter.report(epoch + 1, score.accuracy(), score.loss());
                    if (epoch == epochs - 1) {
                        return new Result(score.accuracy(), lastLoss, updates);
                    }
                }
            }
            double accuracy = Inference.accuracy(block, trainer.getManager(), data.evaluation(),
                    evaluationBatch(), data.normalization());
            return new Result(accuracy, lastLoss, updates);
        }
    }

    private int evaluationBatch() {
        return Math.max(settings.batchSize(), 256);
    }

    /**
     * Seeds the engine's own generator, which DJL's initializers draw from; it takes an int, so the whole long is
     * folded in rather than cut.
     */
    public static void seedEngine(long seed) {
        Engines.pytorch().setRandomSeed((int) (seed ^ (seed >>> 32)));
    }
}
