package org.nas4j.bench.step;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.nas4j.data.ImageDataset;
import org.nas4j.djl.data.Batch;
import org.nas4j.djl.data.Batches;
import org.nas4j.djl.data.Normalization;
import org.nas4j.djl.engine.Engines;
import org.nas4j.djl.engine.NativeAllocator;
import org.nas4j.djl.model.BlockType;
import org.nas4j.djl.model.LayerSpec;
import org.nas4j.djl.model.NetworkBuilder;
import org.nas4j.djl.model.NetworkOps;
import org.nas4j.djl.model.NetworkSettings;
import org.nas4j.djl.model.NetworkSpec;
import org.nas4j.djl.model.Op;
import org.nas4j.djl.profile.CalmRounds;
import org.nas4j.djl.profile.LatencyProfiler;
import org.nas4j.djl.train.CandidateTrainer;
import org.nas4j.djl.train.CrossEntropy;
import org.nas4j.djl.train.TrainingStep;
import org.nas4j.random.Rng;
import org.nas4j.space.SearchSpace;
import org.nas4j.strategy.RandomSearch;

/**
 * Times the training step (forward, cross-entropy, backward, Adam step) and the inference pass of networks given as
 * {@link Op} lists, so that another engine can build and time the very same networks.
 */
public final class StepBenchmark {

    /**
     * A network to time: its operations, the input of one example (channels, height, width), the classes of its
     * output, and whether it is a whole candidate of the space (or one operation of it).
     */
    public record Case(String name, List<Op> network, List<Integer> input, int classes, boolean candidate) {
        public Case {
            network = List.copyOf(network);
            input = List.copyOf(input);
        }
    }

    /**
     * Medians of the calmest round, in milliseconds per batch, and the network's trained parameters. Inference runs
     * the network as nas4j measures and deploys it, BatchNorm folded into the convolutions; {@code unfoldedMs} is the
     * same pass with BatchNorm as trained, for comparison.
     */
    public record Timing(double trainMs, double inferenceMs, double unfoldedMs, long parameters) {
    }

    private final int batch;
    private final int warmup;
    private final int runs;

    public StepBenchmark(int batch, int warmup, int runs) {
        if (batch < 1 || warmup < 0 || runs < LatencyProfiler.MIN_RUNS) {
            throw new IllegalArgumentException("need a positive batch, zero or more warm-up steps and at least "
                    + LatencyProfiler.MIN_RUNS + " timed steps, got " + batch + ", " + warmup + ", " + runs);
        }
        NativeAllocator.tune(); // before the engine's first allocation, as in a search
        this.batch = batch;
        this.warmup = warmup;
        this.runs = runs;
    }

    /**
     * One case per operation of the search space, each as the first layer of the second stage (24 channels of 28 x
     * 28 in, 48 out at stride 2) followed by global pooling and a linear layer to 10 classes; then {@code candidates}
     * whole networks drawn at random from {@code space} with {@code seed}.
     */
    public static List<Case> cases(SearchSpace space, NetworkSettings settings, int candidates, long seed) {
        List<Case> cases = new ArrayList<>();
        for (int kernel : List.of(3, 5, 7)) {
            cases.add(layerCase("conv " + kernel + "x" + kernel, BlockType.CONV, kernel, 1, 0));
        }
        cases.add(layerCase("dwsep 3x3", BlockType.DWSEP, 3, 1, 0));
        for (int expansion : List.of(3, 6)) {
            cases.add(layerCase("mbconv 3x3 e" + expansion, BlockType.MBCONV, 3, expansion, 0));
            cases.add(layerCase("mbconv 3x3 e" + expansion + " se", BlockType.MBCONV, 3, expansion, 0.25));
        }
        Rng rng = new Rng(seed);
        for (int i = 1; i <= candidates; i++) {
            NetworkSpec spec = NetworkSpec.of(RandomSearch.sample(space, rng).canonical(), settings);
            cases.add(new Case("candidate " + i, NetworkOps.of(spec),
                    List.of(settings.inputChannels(), settings.imageHeight(), settings.imageWidth()),
                    settings.classes(), true));
        }
        return cases;
    }

    private static Case layerCase(String name, BlockType type, int kernel, int expansion, double se) {
        LayerSpec layer = new LayerSpec(2, 1, type, kernel, expansion, se, 24, 48, 2, false);
        List<Op> ops = new ArrayList<>(NetworkOps.layer(layer));
        ops.add(new Op.GlobalAveragePool());
        ops.add(new Op.Linear(48, 10));
        return new Case(name, ops, List.of(24, 28, 28), 10, false);
    }

    /** Builds the case's network, then times its training step and its inference pass on fixed random inputs. */
    public Timing time(Case c, long seed) {
        try (Model model = Model.newInstance("bench", Device.cpu())) {
            SequentialBlock block = NetworkBuilder.sequence(c.network());
            model.setBlock(block);
            DefaultTrainingConfig config = new DefaultTrainingConfig(new CrossEntropy())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).build());
            long[] dims = {batch, c.input().get(0), c.input().get(1), c.input().get(2)};
            try (Trainer trainer = model.newTrainer(config)) {
                CandidateTrainer.seedEngine(seed);
                trainer.initialize(new Shape(dims));
                NDManager manager = trainer.getManager();
                NDList images = new NDList(manager.randomNormal(new Shape(dims)));
                NDArray labels = manager.randomInteger(0, c.classes(), new Shape(batch), DataType.INT64);
                CalmRounds.Round train = CalmRounds.measure(() -> {
                    // Each step's arrays live in its own scope, as a training batch's do.
                    try (NDManager step = manager.newSubManager()) {
                        step.tempAttachAll(images, new NDList(labels));
                        TrainingStep.run(trainer, images, labels);
                    }
                }, warmup, runs);
                LatencyProfiler profiler = new LatencyProfiler(warmup, runs);
                Shape example = new Shape(dims[1], dims[2], dims[3]);
                double unfolded = profiler.measure(block, manager, example, batch).medianMs();
                double inference = profiler.measureFolded(c.network(), block, manager, example, batch).medianMs();
                return new Timing(train.medianMs(), inference, unfolded, trainedParameters(block));
            }
        }
    }

    /**
     * The median time of one supernet training step on a fixed path (forward, cross-entropy, backward, the
     * optimizer's step over the weights the path read), on fixed random inputs at this benchmark's batch size: to
     * set beside {@link #time} of the path's own network.
     */
    public double supernetStepMs(org.nas4j.djl.supernet.Supernet supernet, org.nas4j.space.Architecture path,
                                 NDManager manager) {
        org.nas4j.djl.model.NetworkSettings settings = supernet.space().network();
        Shape shape = new Shape(batch, settings.inputChannels(), settings.imageHeight(), settings.imageWidth());
        try (NDManager scope = manager.newSubManager();
             org.nas4j.djl.supernet.PathOptimizer optimizer = new org.nas4j.djl.supernet.PathOptimizer(
                     org.nas4j.djl.train.OptimizerKind.ADAM, 0, scope)) {
            NDArray images = scope.randomNormal(shape);
            NDArray labels = scope.randomInteger(0, settings.classes(), new Shape(batch), DataType.INT64);
            return CalmRounds.measure(() -> org.nas4j.djl.supernet.SupernetTrainer.update(supernet, optimizer,
                    List.of(path), images, labels, scope, 1e-3f, false), warmup, runs).medianMs();
        }
    }

    /**
     * The time to prepare one training batch of {@code data} as a search does (shuffled indices, one float buffer
     * filled from the pixels, the images and labels arrays made on the engine), in milliseconds: the median over
     * passes, each taking the next batch of an epoch and closing it.
     */
    public double batchPreparationMs(ImageDataset data, long seed) {
        Batches batches = Batches.of(data, batch, seed, Normalization.of(data)).withDropLast(true);
        try (NDManager manager = NDManager.newBaseManager()) {
            // Where the passes are: the current epoch's batches, and that epoch's number.
            final class Cursor {
                private int epoch;
                private Iterator<Batch> batchesLeft = batches.epoch(manager, 0).iterator();
            }
            Cursor cursor = new Cursor();
            return CalmRounds.measure(() -> {
                if (!cursor.batchesLeft.hasNext()) {
                    cursor.batchesLeft = batches.epoch(manager, ++cursor.epoch).iterator();
                }
                try (Batch next = cursor.batchesLeft.next()) {
                    next.labels();
                }
            }, warmup, runs).medianMs();
        }
    }

    /** The number of values the optimizer trains (BatchNorm's running statistics are not among them). */
    private static long trainedParameters(Block block) {
        return block.getParameters().values().stream().filter(Parameter::requiresGradient)
                .mapToLong(p -> p.getArray().size()).sum();
    }

    /** Sets the engine's threads for operators (PyTorch's intra-op threads), as {@code torch.set_num_threads}. */
    public static void setThreads(int threads) {
        Engines.setThreads(threads);
    }

    /** The engine's threads for operators. */
    public static int threads() {
        return Engines.threads();
    }
}
