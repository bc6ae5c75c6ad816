package org.nas4j.djl.supernet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.data.FashionMnist;
import org.nas4j.data.ImageDataset;
import org.nas4j.data.TrainTest;
import org.nas4j.djl.data.TrainingData;
import org.nas4j.djl.model.NetworkLayout;
import org.nas4j.djl.model.NetworkSettings;
import org.nas4j.djl.train.OptimizerKind;
import org.nas4j.djl.train.ScheduleKind;
import org.nas4j.djl.train.TrainingSettings;
import org.nas4j.space.SearchSpace;

class SupernetTrainerTest {
    /** A small space on a small network, so that a training of a few dozen steps takes seconds. */
    static final SearchSpace SPACE = smallSpace();
    static final NetworkSettings NETWORK = new NetworkSettings(org.nas4j.data.ImageShape.grayscale(28, 28), 10,
            new NetworkLayout(8, 3, 2, List.of(1, 2), 32));
    static final SupernetSpace SUPERNET_SPACE = SupernetSpace.of(SPACE, NETWORK);
    private static final TrainTest EMBEDDED = FashionMnist.embedded();
    private static final ImageDataset.Split SPLIT = EMBEDDED.train().proportionalSample(1200, 1).split(0.25, 1);
    static final TrainingData DATA = TrainingData.of(SPLIT.train(), SPLIT.validation());

    private static SearchSpace smallSpace() {
        SearchSpace.Builder builder = SearchSpace.builder();
        int[][] filters = {{8, 16}, {16, 24}};
        for (int s = 1; s <= 2; s++) {
            builder.decision("stage" + s + ".block", "conv", "dwsep", "mbconv")
                    .decision("stage" + s + ".kernel", 3, 5)
                    .decision("stage" + s + ".expansion", 1, 3).when("stage" + s + ".block", "mbconv")
                    .decision("stage" + s + ".se", 0, 0.25).when("stage" + s + ".block", "dwsep", "mbconv")
                    .decision("stage" + s + ".layers", 1, 2)
                    .decision("stage" + s + ".filters", filters[s - 1][0], filters[s - 1][1])
                    .decision("stage" + s + ".skip", "none", "identity").when("stage" + s + ".layers", 2);
        }
        return builder.build();
    }

    static SupernetSettings settings(int epochs) {
        return SupernetSettings.DEFAULT.withTraining(new TrainingSettings(epochs, 100, OptimizerKind.ADAM, 0.01,
                ScheduleKind.ONE_CYCLE, 0.0)).withCheckpointEvery(3).withCalibration(200, 100);
    }

    /** The weights and the running BatchNorm statistics, by name. */
    private static Map<String, float[]> weights(Supernet supernet) {
        Map<String, float[]> values = new java.util.TreeMap<>();
        for (Map.Entry<String, NDArray> entry : supernet.weights().entrySet()) {
            values.put(entry.getKey(), entry.getValue().toFloatArray());
        }
        for (Map.Entry<String, NDArray> entry : supernet.runningStatistics().entrySet()) {
            values.put(entry.getKey(), entry.getValue().toFloatArray());
        }
        return values;
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(value = PathSampling.class, names = {"UNIFORM", "ENAS"})
    void anInterruptedTrainingResumesToTheSameWeightsAsAnUninterruptedOne(PathSampling sampling, @TempDir Path dir) {
        // 9 steps of 100 images; an ENAS controller's turn of 2 validation batches after every second step.
        SupernetSettings settings = settings(1).withSampling(sampling, false)
                .withEnas(new EnasSettings(new org.nas4j.strategy.reinforce.PolicySpec.Factorized(), 2, 2));
        Map<String, float[]> straight;
        try (NDManager manager = NDManager.newBaseManager();
             Supernet supernet = Supernet.create(SUPERNET_SPACE, Sharing.ENTANGLED, manager, 3)) {
            new SupernetTrainer(settings, DATA, 5, Optional.empty(), "test").train(supernet, manager,
                    (done, total, loss) -> { });
            straight = weights(supernet);
        }
        Path file = dir.resolve("supernet.ckpt");
        try (NDManager manager = NDManager.newBaseManager();
             Supernet supernet = Supernet.create(SUPERNET_SPACE, Sharing.ENTANGLED, manager, 3)) {
            RuntimeException crash = assertThrows(RuntimeException.class, () -> new SupernetTrainer(settings, DATA,
                    5, Optional.of(file), "test").train(supernet, manager, (done, total, loss) -> {
                        if (done == 5) {
                            throw new IllegalStateException("killed");
                        }
                    }));
            assertEquals("killed", crash.getMessage());
        }
        assertTrue(Files.exists(file), "the checkpoint of step 3 is there");
        try (NDManager manager = NDManager.newBaseManager();
             Supernet supernet = Supernet.create(SUPERNET_SPACE, Sharing.ENTANGLED, manager, 99)) {
            SupernetTrainer.Result result = new SupernetTrainer(settings, DATA, 5, Optional.of(file), "test")
                    .train(supernet, manager, (done, total, loss) -> { });
            assertEquals(3, result.resumedFrom());
            assertEquals(9, result.steps());
            Map<String, float[]> resumed = weights(supernet);
            assertEquals(straight.keySet(), resumed.keySet());
            for (String name : straight.keySet()) {
                assertArrayEquals(straight.get(name), resumed.get(name), 1e-6f, name);
            }
        }
    }

    @Test
    void aCheckpointOfAnotherTrainingIsRefused(@TempDir Path dir) {
        Path file = dir.resolve("supernet.ckpt");
        try (NDManager manager = NDManager.newBaseManager();
             Supernet supernet = Supernet.create(SUPERNET_SPACE, Sharing.ENTANGLED, manager, 3)) {
            new SupernetTrainer(settings(1), DATA, 5, Optional.of(file), "study A").train(supernet, manager,
                    (done, total, loss) -> { });
            UncheckedIOException error = assertThrows(UncheckedIOException.class, () -> new SupernetTrainer(
                    settings(1), DATA, 5, Optional.of(file), "study B").train(supernet, manager,
                    (done, total, loss) -> { }));
            assertTrue(error.getMessage().contains("another supernet training"), error.getMessage());
        }
    }

    @Test
    void aDivergingTrainingStopsNamingTheStepAndTheLastCheckpoint(@TempDir Path dir) {
        Path file = dir.resolve("supernet.ckpt");
        // A checkpoint every step: the first step's update already blows the weights up, the second's loss is not
        // finite, and the checkpoint the message names is one a training can go on from.
        SupernetSettings settings = settings(1).withTraining(new TrainingSettings(1, 100, OptimizerKind.SGD, 1e12,
                ScheduleKind.CONSTANT, 0.0)).withCheckpointEvery(1);
        try (NDManager manager = NDManager.newBaseManager();
             Supernet supernet = Supernet.create(SUPERNET_SPACE, Sharing.ENTANGLED, manager, 3)) {
            SupernetDivergedException error = assertThrows(SupernetDivergedException.class, () ->
                    new SupernetTrainer(settings, DATA, 5, Optional.of(file), "test").train(supernet, manager,
                            (done, total, loss) -> { }));
            assertTrue(error.getMessage().matches("(?s).*at step \\d+ of 9.*"), error.getMessage());
            assertTrue(error.getMessage().contains("checkpoint, of step ") && error.getMessage().contains(
                    file.toString()), error.getMessage());
        }
    }

    @Test
    void everySamplingTrainsPathsThatBeatChance() {
        for (PathSampling sampling : PathSampling.values()) {
            // As many path passes for each: a fair or sandwich step runs four paths, a uniform or ENAS one.
            int epochs = sampling == PathSampling.UNIFORM || sampling == PathSampling.ENAS ? 12 : 3;
            SupernetSettings settings = settings(epochs).withTraining(new TrainingSettings(epochs, 50,
                    OptimizerKind.ADAM, 0.01, ScheduleKind.CONSTANT, 0.0)).withSampling(sampling,
                    sampling == PathSampling.SANDWICH);
            try (NDManager manager = NDManager.newBaseManager();
                 Supernet supernet = Supernet.create(SUPERNET_SPACE, Sharing.ENTANGLED, manager, 3)) {
                SupernetTrainer.Result result = new SupernetTrainer(settings, DATA, 5, Optional.empty(), "test")
                        .train(supernet, manager, (done, total, loss) -> { });
                SupernetScorer scorer = new SupernetScorer(supernet, DATA, settings, 7);
                double largest = scorer.accuracy(SUPERNET_SPACE.extreme(true), manager);
                double smallest = scorer.accuracy(SUPERNET_SPACE.extreme(false), manager);
                // Chance is 0.1 on 300 images (standard deviation 0.017).
                assertTrue(largest > 0.2 && smallest > 0.2, sampling + ": largest " + largest + ", smallest "
                        + smallest + ", last loss " + result.lastLoss());
            }
        }
    }

    @Test
    void withOnePathTheRunningStatisticsScoreAsTheRecalibratedOnesDo() {
        SearchSpace.Builder builder = SearchSpace.builder();
        for (int s = 1; s <= 2; s++) {
            builder.decision("stage" + s + ".block", "mbconv").decision("stage" + s + ".kernel", 3)
                    .decision("stage" + s + ".expansion", 3).decision("stage" + s + ".se", 0.25)
                    .decision("stage" + s + ".layers", 2).decision("stage" + s + ".filters", 16)
                    .decision("stage" + s + ".skip", "identity");
        }
        SupernetSpace single = SupernetSpace.of(builder.build(), NETWORK);
        // One-cycle ends at a small learning rate, so the running statistics catch up with the last weights.
        SupernetSettings settings = settings(4).withTraining(new TrainingSettings(4, 50, OptimizerKind.ADAM, 0.01,
                ScheduleKind.ONE_CYCLE, 0.0));
        try (NDManager manager = NDManager.newBaseManager();
             Supernet supernet = Supernet.create(single, Sharing.ENTANGLED, manager, 3)) {
            new SupernetTrainer(settings, DATA, 5, Optional.empty(), "test").train(supernet, manager,
                    (done, total, loss) -> { });
            double recalibrated = new SupernetScorer(supernet, DATA, settings, 7).accuracy(single.extreme(true),
                    manager);
            double running = new SupernetScorer(supernet, DATA, settings.withCalibration(0, 100), 7)
                    .accuracy(single.extreme(true), manager);
            assertTrue(recalibrated > 0.5, "recalibrated " + recalibrated);
            assertTrue(Math.abs(recalibrated - running) < 0.1, "recalibrated " + recalibrated + ", running "
                    + running);
        }
    }

    @Test
    void aBatchLargerThanASplitIsRefusedNamingTheSetting() {
        SupernetSettings large = settings(1).withTraining(new TrainingSettings(1, 5000, OptimizerKind.ADAM, 0.01,
                ScheduleKind.CONSTANT, 0.0));
        IllegalArgumentException train = assertThrows(IllegalArgumentException.class,
                () -> new SupernetTrainer(large, DATA, 1, Optional.empty(), "test"));
        assertTrue(train.getMessage().contains("supernet.batch_size 5000") && train.getMessage().contains("900"),
                train.getMessage());
        SupernetSettings enas = settings(1).withSampling(PathSampling.ENAS, false).withTraining(new TrainingSettings(
                1, 600, OptimizerKind.ADAM, 0.01, ScheduleKind.CONSTANT, 0.0));
        IllegalArgumentException validation = assertThrows(IllegalArgumentException.class,
                () -> new SupernetTrainer(enas, DATA, 1, Optional.empty(), "test"));
        assertTrue(validation.getMessage().contains("validation split's 300"), validation.getMessage());
    }
}
