package org.nas4j.djl.supernet;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.nas4j.djl.data.Batch;
import org.nas4j.djl.data.Batches;
import org.nas4j.djl.data.TrainingData;
import org.nas4j.djl.engine.Engines;
import org.nas4j.djl.train.CrossEntropy;
import org.nas4j.djl.train.LearningRateSchedule;
import org.nas4j.djl.train.TrainingSettings;
import org.nas4j.random.Rng;
import org.nas4j.space.Architecture;
import org.nas4j.strategy.Strategies;
import org.nas4j.strategy.Strategy;

/**
 * Trains a supernet's shared weights: every step runs the paths its {@link PathSampler} draws (or, for ENAS, its
 * controller proposes) on one batch of the training split (full batches only, so that every BatchNorm sees as many
 * images), sums their losses' gradients and updates the weights those paths read. With a checkpoint file it saves
 * its state every {@code checkpoint_every} steps and at the end, and a new run resumes from the last one: the same
 * seed then gives the same weights as a run that was never interrupted.
 */
public final class SupernetTrainer {
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();
    /** Told after every step. */
    @FunctionalInterface
    public interface Progress {
        void step(long done, long total, double loss);
    }

    /**
     * What a training run did.
     *
     * @param resumedFrom the step the run started at (0 when it started afresh)
     * @param pathsTrained forward-backward passes of paths, over the whole training
     */
    public record Result(long steps, long resumedFrom, double lastLoss, double seconds, long pathsTrained) {
    }

    private final SupernetSettings settings;
    private final TrainingData data;
    private final long seed;
    private final Optional<Path> checkpoint;
    private final String fingerprint;

    /**
     * @param checkpoint  where to keep the checkpoint; empty trains without one
     * @param fingerprint what else the checkpoint must have been written for (say, the space and the data); the
     *                    training's own settings, seed and split sizes are added to it
     * @throws IllegalArgumentException when a batch is larger than the training split (or, for ENAS, than the
     *                                  validation split), naming the setting
     */
    public SupernetTrainer(SupernetSettings settings, TrainingData data, long seed, Optional<Path> checkpoint,
                           String fingerprint) {
        int batch = settings.training().batchSize();
        if (batch > data.train().size()) {
            throw new IllegalArgumentException("supernet.batch_size " + batch + " is larger than the training split's "
                    + data.train().size() + " images (every step takes a full batch); lower it");
        }
        if (settings.sampling() == PathSampling.ENAS && batch > data.evaluation().size()) {
            throw new IllegalArgumentException("supernet.batch_size " + batch + " is larger than the validation "
                    + "split's " + data.evaluation().size() + " images, which reward the ENAS controller; lower it");
        }
        this.settings = settings;
        this.data = data;
        this.seed = seed;
        this.checkpoint = checkpoint;
        this.fingerprint = fingerprint + "; " + settings.trainingFingerprint() + ", seed " + seed + ", "
                + data.train().size() + " training and " + data.evaluation().size() + " validation images";
    }

    /** The steps a whole training takes. */
    public long totalSteps() {
        return (long) settings.training().epochs() * batches().batchesPerEpoch();
    }

    private Batches batches() {
        return Batches.of(data.train(), settings.training().batchSize(), Rng.derive(seed, "supernet batches"),
                data.normalization()).withDropLast(true);
    }

    /** Trains {@code supernet} to the end, from its checkpoint when there is one. */
    public Result train(Supernet supernet, NDManager manager, Progress progress) {
        Engines.pytorch();
        TrainingSettings training = settings.training();
        Batches batches = batches();
        int perEpoch = batches.batchesPerEpoch();
        long total = totalSteps();
        LearningRateSchedule schedule = new LearningRateSchedule(training.schedule(), training.learningRate(),
                Math.toIntExact(total));
        PathSampler sampler = new PathSampler(supernet.space(), settings.sampling(), settings.randomPaths(),
                Rng.derive(seed, "supernet sampler"));
        long start = System.nanoTime();
        boolean enas = settings.sampling() == PathSampling.ENAS;
        Batches validation = enas ? Batches.of(data.evaluation(), training.batchSize(), Rng.derive(seed,
                "enas validation"), data.normalization()).withDropLast(true) : null;
        try (PathOptimizer optimizer = new PathOptimizer(training.optimizer(), training.weightDecay(), manager);
             Strategy controller = enas ? Strategies.create(settings.enas().controller(), supernet.space().space(),
                     Rng.derive(seed, "enas controller")) : null) {
            long step = resume(supernet, optimizer, controller);
            long resumedFrom = step;
            Optional<Long> lastCheckpoint = step > 0 ? Optional.of(step) : Optional.empty();
            double loss = Double.NaN;
            while (step < total) {
                int epoch = (int) (step / perEpoch);
                for (Batch batch : batches.epoch(manager, epoch, (int) (step % perEpoch))) {
                    List<Architecture> paths = enas ? List.of(controller.ask().canonical()) : sampler.paths(step);
                    try (batch) {
                        loss = step(supernet, optimizer, paths, batch, schedule.getNewValue((int) step));
                    }
                    if (!Double.isFinite(loss)) {
                        throw diverged("training loss became " + loss, step + 1, total, epoch,
                                schedule.getNewValue((int) step), lastCheckpoint);
                    }
                    step++;
                    if (enas && step % settings.enas().every() == 0) {
                        controllerTurn(supernet, controller, validation, manager, step / settings.enas().every());
                    }
                    if (checkpoint.isPresent() && (step % settings.checkpointEvery() == 0 || step == total)) {
                        // A checkpoint holds only weights a training can go on from.
                        if (!finite(supernet)) {
                            throw diverged("weights became infinite or NaN", step, total, epoch,
                                    schedule.getNewValue((int) step - 1), lastCheckpoint);
                        }
                        save(step, supernet, optimizer, controller);
                        lastCheckpoint = Optional.of(step);
                    }
                    progress.step(step, total, loss);
                }
            }
            return new Result(total, resumedFrom, loss, (System.nanoTime() - start) / 1e9,
                    total * sampler.pathsPerStep());
        }
    }

    private SupernetDivergedException diverged(String what, long step, long total, int epoch, float learningRate,
                                               Optional<Long> lastCheckpoint) {
        String kept = checkpoint.isEmpty() ? "there is no checkpoint" : lastCheckpoint.map(s -> "the last "
                + "checkpoint, of step " + s + ", is " + checkpoint.get()).orElse("no checkpoint was written yet");
        return new SupernetDivergedException(String.format(Locale.ROOT, "the supernet's %s at step %d of %d (epoch "
                + "%d, learning rate %.3g); %s. Lower supernet.learning_rate (a training with another learning rate "
                + "starts afresh: move the checkpoint away), or use sampling: sandwich", what, step, total,
                epoch + 1, learningRate, kept));
    }

    private static boolean finite(Supernet supernet) {
        for (NDArray weight : supernet.weights().values()) {
            try (NDArray sum = weight.sum()) {
                if (!Float.isFinite(sum.getFloat())) {
                    return false;
                }
            }
        }
        return true;
    }

    private long resume(Supernet supernet, PathOptimizer optimizer, Strategy controller) {
        if (checkpoint.isEmpty()) {
            return 0;
        }
        try {
            Optional<SupernetCheckpoint.Restored> restored = SupernetCheckpoint.read(checkpoint.get(), fingerprint,
                    supernet, optimizer);
            if (restored.isPresent() && controller != null) {
                controller.restoreState(JSON.readTree(restored.get().controllerState()));
            }
            return restored.map(SupernetCheckpoint.Restored::step).orElse(0L);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot resume the supernet training: " + e.getMessage(), e);
        }
    }

    private void save(long step, Supernet supernet, PathOptimizer optimizer, Strategy controller) {
        try {
            SupernetCheckpoint.write(checkpoint.get(), fingerprint, step, supernet, optimizer,
                    controller == null ? "" : controller.saveState().toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the supernet checkpoint " + checkpoint.get() + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * The controller's turn {@code turn} (counted from 1): {@code controller_steps} paths drawn from it, each
     * rewarded by its accuracy on one validation batch with the shared weights (BatchNorm on the batch's own
     * statistics, as in training; nothing stored changes).
     */
    private void controllerTurn(Supernet supernet, Strategy controller, Batches validation, NDManager manager,
                                long turn) {
        int perEpoch = validation.batchesPerEpoch();
        for (int k = 0; k < settings.enas().steps(); k++) {
            long c = (turn - 1) * settings.enas().steps() + k;
            Architecture proposed = controller.ask();
            Batch batch = validation.epoch(manager, (int) (c / perEpoch), (int) (c % perEpoch)).iterator().next();
            try (batch; BatchNormStatistics scratch = new BatchNormStatistics(batch.manager())) {
                NDArray logits = supernet.forward(supernet.spec(proposed.canonical()), batch.images(),
                        new Supernet.Pass(batch.manager(), Supernet.Mode.CALIBRATE, scratch, new HashSet<>()));
                long[] predicted = logits.argMax(1).toLongArray();
                int[] indices = batch.indices();
                int right = 0;
                for (int i = 0; i < predicted.length; i++) {
                    right += predicted[i] == data.evaluation().label(indices[i]) ? 1 : 0;
                }
                controller.tell(proposed, (double) right / predicted.length);
            }
        }
    }

    /** One update over the step's paths; returns their mean loss. */
    private double step(Supernet supernet, PathOptimizer optimizer, List<Architecture> paths, Batch batch,
                        float learningRate) {
        return update(supernet, optimizer, paths, batch.images(), batch.labels(), batch.manager(), learningRate,
                settings.distill());
    }

    /**
     * One update of the supernet on one batch: each path's forward pass, loss and backward pass (with
     * {@code distill}, the paths after the first learn the first one's predictions), the gradients summed, then one
     * optimizer step over the weights the paths read. Its arrays live in a sub-manager of {@code manager}, closed
     * before it returns. Returns the paths' mean loss; with a non-finite one no optimizer step is taken (the weights
     * keep their values, but their gradients and the running BatchNorm statistics have moved): stop training.
     */
    public static double update(Supernet supernet, PathOptimizer optimizer, List<Architecture> paths,
                                NDArray images, NDArray labels, NDManager manager, float learningRate,
                                boolean distill) {
        Set<String> used = new HashSet<>();
        double sum = 0;
        NDArray teacher = null;
        try (NDManager stepManager = manager.newSubManager()) {
            for (int i = 0; i < paths.size(); i++) {
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDArray logits = supernet.forward(supernet.spec(paths.get(i)), images,
                            new Supernet.Pass(stepManager, Supernet.Mode.TRAIN, null, used));
                    NDArray loss = teacher != null ? softCrossEntropy(logits, teacher)
                            : CrossEntropy.of(logits, labels);
                    collector.backward(loss);
                    sum += loss.getFloat();
                    if (distill && i == 0) {
                        teacher = logits.stopGradient().softmax(1);
                    }
                }
            }
            if (Double.isFinite(sum)) {
                optimizer.step(supernet.weights(), used, learningRate);
            }
        }
        return sum / paths.size();
    }

    /** Cross-entropy against a teacher's class probabilities (B x classes), averaged over the batch. */
    private static NDArray softCrossEntropy(NDArray logits, NDArray teacher) {
        return logits.logSoftmax(1).mul(teacher).sum(new int[] {1}).mean().neg();
    }
}
