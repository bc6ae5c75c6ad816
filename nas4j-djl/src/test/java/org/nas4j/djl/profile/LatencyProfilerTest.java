package org.nas4j.djl.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nas4j.djl.model.NetworkBuilder;
import org.nas4j.djl.model.Op;

class LatencyProfilerTest {

    @Test
    void measuresAMedianWithItsSpreadAndTheDevice() {
        try (NDManager manager = NDManager.newBaseManager()) {
            SequentialBlock block = new SequentialBlock()
                    .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(8).optPadding(new Shape(1, 1))
                            .build())
                    .add(Activation.reluBlock())
                    .add(Blocks.batchFlattenBlock())
                    .add(Linear.builder().setUnits(10).build());
            block.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 28, 28));
            String before = resources(manager);
            Latency latency = new LatencyProfiler(5, 30).measure(block, manager, new Shape(1, 28, 28), 1);
            assertEquals(1, latency.batchSize());
            assertEquals(30, latency.runs());
            assertTrue(latency.round() >= 1 && latency.round() <= CalmRounds.MAX_ROUNDS, latency.toString());
            assertTrue(latency.p10Ms() > 0 && latency.p10Ms() <= latency.medianMs()
                    && latency.medianMs() <= latency.p90Ms(), latency.toString());
            assertTrue(latency.device().engine().contains("PyTorch"), latency.device().toString());
            Latency batch = new LatencyProfiler(2, 30).measure(block, manager, new Shape(1, 28, 28), 16);
            assertEquals(16, batch.batchSize());
            assertEquals(before, resources(manager), "the profiler leaves nothing behind in the caller's manager");
        }
    }

    @Test
    void measuresTheFoldedNetworkAndFreesIt() {
        List<Op> ops = List.of(new Op.Conv(1, 8, 3, 1, 1, false), new Op.BatchNorm(8), new Op.Relu(),
                new Op.GlobalAveragePool(), new Op.Linear(8, 10));
        try (NDManager manager = NDManager.newBaseManager()) {
            SequentialBlock block = NetworkBuilder.sequence(ops);
            block.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 28, 28));
            String before = resources(manager);
            Latency latency = new LatencyProfiler(2, 30).measureFolded(ops, block, manager, new Shape(1, 28, 28), 4);
            assertEquals(4, latency.batchSize());
            assertTrue(latency.medianMs() > 0, latency.toString());
            assertEquals(before, resources(manager), "the folded copy is freed with its scope");
            List<Op> otherWidth = List.of(new Op.Conv(1, 4, 3, 1, 1, false), new Op.BatchNorm(4), new Op.Relu(),
                    new Op.GlobalAveragePool(), new Op.Linear(4, 10));
            assertThrows(IllegalArgumentException.class, () -> new LatencyProfiler(2, 30).measureFolded(otherWidth,
                    block, manager, new Shape(1, 28, 28), 4), "the block is folded, so its operations must match");
        }
    }

    @Test
    void everyPassFreesItsIntermediateArraysBeforeTheNext() {
        List<String> seen = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            SequentialBlock block = new SequentialBlock()
                    .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(4).build())
                    .add(Activation.reluBlock())
                    .add(new LambdaBlock(list -> {
                        seen.add(resources(list.head().getManager()));
                        return list;
                    }))
                    .add(Blocks.batchFlattenBlock())
                    .add(Linear.builder().setUnits(10).build());
            block.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 28, 28));
            seen.clear();
            new LatencyProfiler(3, 30).measure(block, manager, new Shape(1, 28, 28), 1);
        }
        assertTrue(seen.size() >= 33 && (seen.size() - 3) % 30 == 0, "3 warm-up passes and rounds of 30: " + seen.size());
        // The arrays a pass made so far live in the manager of its activations; they do not pile up across passes.
        assertEquals(seen.get(0), seen.get(seen.size() - 1), seen.toString());
    }

    private static String resources(NDManager manager) {
        String text = manager.toString();
        return text.substring(text.indexOf("Resource size"));
    }

    @Test
    void percentilesInterpolateAndSettingsAreChecked() {
        double[] sorted = {1, 2, 3, 4, 5};
        assertEquals(3, CalmRounds.percentile(sorted, 0.5));
        assertEquals(1.4, CalmRounds.percentile(sorted, 0.1), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> new LatencyProfiler(1, 10));
        assertThrows(IllegalArgumentException.class, () -> new LatencyProfiler(-1, 30));
    }
}
