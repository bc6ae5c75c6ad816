package org.nas4j.djl.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.IntConsumer;
import org.nas4j.config.StudyConfig.LatencySettings;
import org.nas4j.config.StudyConfig.TrainingSettings;
import org.nas4j.data.ImageDataset;
import org.nas4j.djl.model.BatchNormFolding;
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

    /** Rounds of the retrained network timed in turn with the reference, as {@code bench latency} compares them. */
    public static final int REFERENCE_ROUNDS = 20;

    /**
     * What retraining gave.
     *
     * @param besideReference the retrained network and the study's latency reference timed in turn, when the study
     *                        limits latency relative to a reference
     */
    public record Result(double testAccuracy, Latency latency, Optional<LatencyProfiler.InTurn> besideReference,
                         long parameters, long flops, double seconds, Path savedTo) {
    }

    private Retrainer() {
    }

    /**
     * Retrains, then measures the trained network's latency as the search did (its first batch size) and, given a
     * {@code latencyReference}, also in turn with it: the ratio of two networks' latencies moves with the machine's
     * state, so one measured beside the other is the comparison that holds.
     */
    public static Result retrain(Architecture architecture, TrainingSettings settings, LatencySettings latency,
                                Optional<Architecture> latencyReference, int epochs, ImageDataset training,
                                ImageDataset test, long seed, Path saveTo, IntConsumer onBatch) throws IOException {
        long start = System.nanoTime();
        ModelCost cost = ModelCost.of(architecture);
        try (Model model = Model.newInstance("retrained", Device.cpu())) {
            NetworkSpec spec = NetworkSpec.of(architecture);
            SequentialBlock block = NetworkBuilder.build(spec);
            CandidateTrainer.Result result = new CandidateTrainer(settings).train(model, block,
                    NetworkBuilder.inputShape(NetworkSettings.FASHION_MNIST, settings.batchSize()), training, test,
                    epochs, seed, onBatch);
            double seconds = (System.nanoTime() - start) / 1e9;
            LatencyProfiler profiler = new LatencyProfiler(latency.warmup(), latency.runs());
            int batchSize = latency.batchSizes().get(0);
            Shape image = NetworkSettings.FASHION_MNIST.imageShape();
            // The trained network as deployed, folded once for both measurements.
            Block deployed = BatchNormFolding.of(NetworkOps.of(spec), block,
                    NetworkBuilder.inputShape(NetworkSettings.FASHION_MNIST, batchSize), model.getNDManager());
            Latency measured = profiler.measure(deployed, model.getNDManager(), image, batchSize);
            Optional<LatencyProfiler.InTurn> beside = latencyReference.map(reference -> profiler.measureInTurn(
                    deployed, BatchNormFolding.untrained(NetworkSpec.of(reference), model.getNDManager()),
                    model.getNDManager(), image, batchSize, REFERENCE_ROUNDS));
            ObjectNode info = new ObjectMapper().createObjectNode();
            info.put("test_accuracy", result.accuracy());
            info.put("epochs", epochs);
            info.put("training_images", training.size());
            info.put("test_images", test.size());
            info.put("parameters", cost.parameters());
            info.put("flops", cost.flops());
            info.put("latency_ms", measured.medianMs());
            info.put("latency_batch", measured.batchSize());
            beside.ifPresent(timed -> putBesideReference(timed, info));
            info.put("device", measured.device().toString());
            info.put("seed", seed);
            info.put("seconds", seconds);
            SavedModel.save(saveTo, architecture, block, info);
            return new Result(result.accuracy(), measured, beside, cost.parameters(), cost.flops(), seconds, saveTo);
        }
    }

    /** Writes a latency timed beside the reference under the keys that model.json and 'retrain --json' share. */
    public static void putBesideReference(LatencyProfiler.InTurn timed, ObjectNode json) {
        json.put("latency_in_turn_ms", timed.candidateMs());
        json.put("reference_latency_ms", timed.referenceMs());
        json.put("latency_ratio", timed.ratio());
    }
}
