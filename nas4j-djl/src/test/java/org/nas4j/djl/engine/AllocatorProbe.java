package org.nas4j.djl.engine;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.nas4j.djl.model.BlockType;
import org.nas4j.djl.model.LayerSpec;
import org.nas4j.djl.model.NetworkBuilder;
import org.nas4j.djl.model.NetworkOps;
import org.nas4j.djl.model.Op;
import org.nas4j.djl.train.CandidateTrainer;
import org.nas4j.djl.train.CrossEntropy;

/**
 * Run in a fresh JVM by {@link NativeAllocatorTest}: one training step of a network with buffers above and below the
 * allocator's thresholds, under the allocator settings its system properties select, printed as one JSON line (the
 * allocator, the loss, every gradient before the Adam step and the output after it).
 */
public final class AllocatorProbe {
    private AllocatorProbe() {
    }

    public static void main(String[] args) {
        ObjectNode result = new ObjectMapper().createObjectNode();
        result.put("allocator", NativeAllocator.tune().description());
        List<Op> ops = new ArrayList<>();
        ops.addAll(NetworkOps.layer(new LayerSpec(2, 1, BlockType.CONV, 3, 1, 0, 24, 48, 2, false)));
        ops.addAll(NetworkOps.layer(new LayerSpec(2, 2, BlockType.MBCONV, 3, 6, 0.25, 48, 48, 1, true)));
        ops.add(new Op.GlobalAveragePool());
        ops.add(new Op.Linear(48, 10));
        try (Model model = Model.newInstance("probe", Device.cpu())) {
            SequentialBlock block = NetworkBuilder.sequence(ops);
            model.setBlock(block);
            DefaultTrainingConfig config = new DefaultTrainingConfig(new CrossEntropy())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-2f)).build());
            try (Trainer trainer = model.newTrainer(config)) {
                CandidateTrainer.seedEngine(7);
                Shape shape = new Shape(64, 24, 28, 28); // the expanded activations take 14 MiB
                trainer.initialize(shape);
                NDManager manager = trainer.getManager();
                NDList images = new NDList(manager.randomNormal(shape));
                NDArray labels = manager.randomInteger(0, 10, new Shape(64), DataType.INT64);
                try (GradientCollector collector = trainer.newGradientCollector()) {
                    NDArray loss = CrossEntropy.of(trainer.forward(images).singletonOrThrow(), labels);
                    collector.backward(loss);
                    result.put("loss", loss.getFloat());
                }
                ObjectNode gradients = result.putObject("gradients");
                for (Pair<String, Parameter> parameter : block.getParameters()) {
                    NDArray array = parameter.getValue().getArray();
                    if (parameter.getValue().requiresGradient()) {
                        add(gradients.putArray(parameter.getKey()), array.getGradient().toFloatArray());
                    }
                }
                trainer.step();
                float[] after = trainer.evaluate(images).singletonOrThrow().toFloatArray();
                add(result.putArray("output"), after);
            }
        }
        System.out.println(result);
    }

    private static void add(ArrayNode array, float[] values) {
        for (float value : values) {
            array.add(value);
        }
    }
}
