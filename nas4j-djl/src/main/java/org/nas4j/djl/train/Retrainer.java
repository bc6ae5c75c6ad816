package org.nas4j.djl.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.nn.SequentialBlock;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.IntConsumer;
import org.nas4j.config.StudyConfig.LatencySettings;
import org.nas4j.config.StudyConfig.TrainingSettings;
import org.nas4j.data.ImageDataset;
import org.nas4j.djl.model.ModelCost;
import org.nas4j.djl.model.NetworkBuilder;
import org.nas4j.djl.model.NetworkOps;
import org.nas4j.djl.model.NetworkSettings;
import org.nas4j.djl.model.NetworkSpec;
import org.nas4j.djl.model.SavedModel;
import org.nas4j.djl.profile.Latency;
import org.nas4j.djl.profile.LatencyProfiler;
import org.nas4j.space.Architecture;

/**
 * Retrains a found architecture from scratch, on the whole training set (the search's training and validation
 * images together) for more epochs, measures its accuracy on the test set, which the search never saw, and saves it.
 */
public final class Retrainer {

    /** What retraining gave. */
    public record Result(double testAccuracy, Latency latency, long parameters, long flops, double seconds,
                         Path savedTo) {
    }

    private Retrainer() {
    }

    /** Retrains, then measures the trained network's latency as the search did (its first batch size). */
    public static Result retrain(Architecture architecture, TrainingSettings settings, LatencySettings latency,
                                int epochs, ImageDataset training, ImageDataset test, long seed, Path saveTo,
                                IntConsumer onBatch) throws IOException {
        long start = System.nanoTime();
        ModelCost cost = ModelCost.of(architecture);
        try (Model model = Model.newInstance("retrained", Device.cpu())) {
            NetworkSpec spec = NetworkSpec.of(architecture);
            SequentialBlock block = NetworkBuilder.build(spec);
            CandidateTrainer.Result result = new CandidateTrainer(settings).train(model, block,
                    NetworkBuilder.inputShape(NetworkSettings.FASHION_MNIST, settings.batchSize()), training, test,
                    epochs, seed, onBatch);
            double seconds = (System.nanoTime() - start) / 1e9;
            Latency measured = new LatencyProfiler(latency.warmup(), latency.runs()).measureFolded(
                    NetworkOps.of(spec), block, model.getNDManager(),
                    NetworkSettings.FASHION_MNIST.imageShape(), latency.batchSizes().get(0));
            ObjectNode info = new ObjectMapper().createObjectNode();
            info.put("test_accuracy", result.accuracy());
            info.put("epochs", epochs);
            info.put("training_images", training.size());
            info.put("test_images", test.size());
            info.put("parameters", cost.parameters());
            info.put("flops", cost.flops());
            info.put("latency_ms", measured.medianMs());
            info.put("latency_batch", measured.batchSize());
            info.put("device", measured.device().toString());
            info.put("seed", seed);
            info.put("seconds", seconds);
            SavedModel.save(saveTo, architecture, block, info);
            return new Result(result.accuracy(), measured, cost.parameters(), cost.flops(), seconds, saveTo);
        }
    }
}
