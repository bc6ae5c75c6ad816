package org.nas4j.djl.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.function.IntConsumer;
import org.nas4j.djl.data.TrainingData;
import org.nas4j.djl.model.BatchNormFolding;
import org.nas4j.djl.model.ModelCost;
import org.nas4j.djl.model.NetworkBuilder;
import org.nas4j.djl.model.NetworkOps;
import org.nas4j.djl.model.NetworkSettings;
import org.nas4j.djl.model.NetworkSpec;
import org.nas4j.djl.model.SavedModel;
import org.nas4j.djl.model.Scaling;
import org.nas4j.djl.profile.Latency;
import org.nas4j.djl.profile.LatencyProfiler;
import org.nas4j.djl.profile.LatencySettings;
import org.nas4j.space.Architecture;

/**
 * Retrains a found architecture from scratch, on the whole training set (the search's training and validation
 * images together) for more epochs, measures its accuracy on the test set, which the search never saw, and saves it
 * with the input shape, classes and normalization it was trained with.
 *
 * @param network          the networks' input, classes and fixed layout
 * @param training         the recipe, its epochs those of retraining
 * @param latency          how the trained network's latency is measured, as the search measured it
 * @param latencyReference a network timed in turn with the retrained one when present: the study's latency
 *                         reference, or the base of a scaled network
 * @param dataFolder       the folder the images came from, saved with the model; empty for the embedded sample
 */
public record Retrainer(NetworkSettings network, TrainingSettings training, LatencySettings latency,
                        Optional<NetworkSpec> latencyReference, Optional<Path> dataFolder) {

    /** The key of model.json's {@code info} that names the folder of the images the model was trained on. */
    public static final String DATA_FOLDER = "data_folder";

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

    /**
     * Retrains on {@code data.train()}, tests on {@code data.evaluation()}, then measures the trained network's
     * latency as the search did and, given a latency reference, also in turn with it: the ratio of two networks'
     * latencies moves with the machine's state, so one measured beside the other is the comparison that holds.
     */
    public Result retrain(Architecture architecture, TrainingData data, long seed, Path saveTo, IntConsumer onBatch)
            throws IOException {
        return retrain(architecture, Scaling.NONE, data, seed, saveTo, onBatch);
    }

    /**
     * As {@link #retrain(Architecture, TrainingData, long, Path, IntConsumer)}, for the network that
     * {@code scaling} makes of the architecture; {@code data} must already be at its resolution.
     */
    public Result retrain(Architecture architecture, Scaling scaling, TrainingData data, long seed, Path saveTo,
                          IntConsumer onBatch) throws IOException {
        long start = System.nanoTime();
        NetworkSpec spec = scaling.apply(NetworkSpec.of(architecture, network));
        NetworkSettings settings = spec.settings();
        if (!data.train().shape().equals(settings.input())) {
            throw new IllegalArgumentException("the network takes " + settings.input() + " images, the data has "
                    + data.train().shape() + ": resize the data to the scaled resolution first");
        }
        ModelCost cost = ModelCost.of(spec);
        try (Model model = Model.newInstance("retrained", Device.cpu())) {
            SequentialBlock block = NetworkBuilder.build(spec);
            CandidateTrainer.Result result = new CandidateTrainer(training).train(model, block, data,
                    training.epochs(), seed, onBatch);
            double seconds = (System.nanoTime() - start) / 1e9;
            LatencyProfiler profiler = new LatencyProfiler(latency.warmup(), latency.runs());
            int batchSize = latency.batchSize();
            Shape image = settings.imageShape();
            // The trained network as deployed, folded once for both measurements.
            Block deployed = BatchNormFolding.of(NetworkOps.of(spec), block,
                    NetworkBuilder.inputShape(settings, batchSize), model.getNDManager());
            Latency measured = profiler.measure(deployed, model.getNDManager(), image, batchSize);
            Optional<LatencyProfiler.InTurn> beside = latencyReference.map(reference -> profiler.measureInTurn(
                    deployed, image, BatchNormFolding.untrained(reference, model.getNDManager()),
                    reference.settings().imageShape(), model.getNDManager(), batchSize, REFERENCE_ROUNDS));
            ObjectNode info = new ObjectMapper().createObjectNode();
            info.put("test_accuracy", result.accuracy());
            info.put("epochs", training.epochs());
            info.set("recipe", recipeJson(training));
            dataFolder.ifPresent(folder -> info.put(DATA_FOLDER, folder.toAbsolutePath().toString()));
            info.put("training_images", data.train().size());
            info.put("test_images", data.evaluation().size());
            info.put("parameters", cost.parameters());
            info.put("flops", cost.flops());
            info.put("latency_ms", measured.medianMs());
            info.put("latency_batch", measured.batchSize());
            beside.ifPresent(timed -> putBesideReference(timed, info));
            info.put("device", measured.device().toString());
            info.put("seed", seed);
            info.put("seconds", seconds);
            SavedModel.save(saveTo, architecture, scaling, new SavedModel.Input(settings, data.normalization(),
                    data.train().classNames()), block, info);
            return new Result(result.accuracy(), measured, beside, cost.parameters(), cost.flops(), seconds, saveTo);
        }
    }

    /** The recipe as model.json keeps it, so that a model can be trained again (or scaled) the way it was. */
    public static ObjectNode recipeJson(TrainingSettings recipe) {
        ObjectNode node = new ObjectMapper().createObjectNode();
        node.put("epochs", recipe.epochs());
        node.put("batch_size", recipe.batchSize());
        node.put("optimizer", recipe.optimizer().name().toLowerCase(Locale.ROOT));
        node.put("learning_rate", recipe.learningRate());
        node.put("schedule", recipe.schedule().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        node.put("weight_decay", recipe.weightDecay());
        return node;
    }

    /** The recipe model.json keeps; empty for a model saved before recipes were kept, or one damaged. */
    public static Optional<TrainingSettings> recipe(JsonNode info) {
        JsonNode node = info.path("recipe");
        if (!node.isObject()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new TrainingSettings(node.path("epochs").asInt(),
                    node.path("batch_size").asInt(), OptimizerKind.valueOf(node.path("optimizer").asText()
                            .toUpperCase(Locale.ROOT)), node.path("learning_rate").asDouble(),
                    ScheduleKind.valueOf(node.path("schedule").asText().toUpperCase(Locale.ROOT)
                            .replace('-', '_')), node.path("weight_decay").asDouble()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Writes a latency timed beside the reference under the keys that model.json and 'retrain --json' share. */
    public static void putBesideReference(LatencyProfiler.InTurn timed, ObjectNode json) {
        json.put("latency_in_turn_ms", timed.candidateMs());
        json.put("reference_latency_ms", timed.referenceMs());
        json.put("latency_ratio", timed.ratio());
    }
}
