package org.nas4j.djl.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.djl.TestNetworks;
import org.nas4j.djl.profile.LatencySettings;
import org.nas4j.data.FashionMnist;
import org.nas4j.data.TrainTest;
import org.nas4j.djl.profile.LatencyProfiler;
import org.nas4j.djl.data.TrainingData;
import org.nas4j.djl.model.NetworkSpec;
import org.nas4j.djl.model.SavedModel;
import org.nas4j.space.Architecture;

class RetrainerTest {

    @Test
    void aRetrainedModelSavesAndLoadsWithTheSameAccuracy(@TempDir Path dir) throws Exception {
        Architecture architecture = TestNetworks.small();
        TrainTest data = FashionMnist.embedded();
        TrainingSettings settings = new TrainingSettings(1, 64, OptimizerKind.ADAM, 0.003, ScheduleKind.ONE_CYCLE, 0.0);
        LatencySettings latency = new LatencySettings(1, 2, LatencyProfiler.MIN_RUNS);
        // A reference with many times the work: timing the candidate beside itself would give a ratio near 1.
        Architecture reference = TestNetworks.heavy();
        TrainingData training = TrainingData.of(data.train().stratifiedSample(60, 1), data.test());
        Retrainer.Result result = new Retrainer(TestNetworks.GRAY_28, settings, latency,
                Optional.of(NetworkSpec.of(reference, TestNetworks.GRAY_28)),
                Optional.empty())
                .retrain(architecture, training, 7, dir.resolve("model"), updates -> { });
        assertTrue(result.testAccuracy() > 0.2, "above chance: " + result);
        assertEquals(1, result.latency().batchSize());
        assertTrue(result.latency().medianMs() > 0, result.latency().toString());
        LatencyProfiler.InTurn beside = result.besideReference().orElseThrow();
        assertTrue(beside.candidateMs() > 0 && beside.ratio() < 0.5,
                "the reference, not the candidate again, is timed beside it: " + beside);

        try (NDManager manager = NDManager.newBaseManager()) {
            SavedModel.Loaded loaded = SavedModel.load(dir.resolve("model"), manager);
            assertEquals(architecture, loaded.architecture());
            assertEquals(new SavedModel.Input(TestNetworks.GRAY_28, training.normalization(),
                    FashionMnist.CLASS_NAMES), loaded.input(), "the model remembers what it takes");
            assertEquals(result.testAccuracy(), loaded.info().get("test_accuracy").asDouble());
            assertEquals(result.latency().medianMs(), loaded.info().get("latency_ms").asDouble());
            assertEquals(beside.referenceMs(), loaded.info().get("reference_latency_ms").asDouble());
            assertEquals(beside.ratio(), loaded.info().get("latency_ratio").asDouble());
            assertEquals(result.testAccuracy(), Inference.accuracy(loaded.block(), manager, data.test(), 256,
                    loaded.input().normalization()),
                    "the loaded weights give the accuracy measured when saved");
        }
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> SavedModel.load(dir.resolve("nothing"), null));
        assertTrue(missing.getMessage().contains("is not a saved model"), missing.getMessage());
    }
}
