package org.nas4j.djl.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nas4j.djl.model.MnasSpaces.arch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nas4j.djl.TestNetworks;
import org.nas4j.space.Architecture;

class BatchNormFoldingTest {
    private static final Shape BATCH = new Shape(4, 1, 28, 28);

    @Test
    void foldsEachBatchNormIntoTheConvolutionBeforeIt() {
        List<Op> ops = List.of(new Op.Conv(3, 8, 3, 1, 1, false), new Op.BatchNorm(8), new Op.Relu(),
                new Op.Residual(List.of(new Op.Conv(8, 8, 3, 1, 8, false), new Op.BatchNorm(8))),
                new Op.BatchNorm(8), new Op.GlobalAveragePool(), new Op.Linear(8, 2));
        assertEquals(List.of(new Op.Conv(3, 8, 3, 1, 1, true), new Op.Relu(),
                new Op.Residual(List.of(new Op.Conv(8, 8, 3, 1, 8, true))),
                new Op.BatchNorm(8), new Op.GlobalAveragePool(), new Op.Linear(8, 2)),
                BatchNormFolding.fold(ops), "a BatchNorm after a residual has no convolution to go into");
    }

    @Test
    void theFoldedNetworkGivesTheSameOutputs() {
        Architecture architecture = arch("mbconv 5 6 0.25 2 24 identity", "dwsep 3 1 0.25 2 48 identity",
                "conv 3 1 0 2 64 identity");
        NetworkSpec spec = TestNetworks.spec(architecture);
        List<Op> ops = NetworkOps.of(spec);
        assertFalse(BatchNormFolding.fold(ops).stream().anyMatch(op -> op instanceof Op.BatchNorm),
                "every BatchNorm of a candidate follows a convolution");
        try (NDManager manager = NDManager.newBaseManager()) {
            SequentialBlock trained = TestNetworks.build(spec);
            trained.initialize(manager, DataType.FLOAT32, BATCH);
            giveBatchNormsTrainedValues(trained, manager);
            NDArray images = manager.randomNormal(BATCH);
            ParameterStore parameters = new ParameterStore(manager, false);
            NDArray expected = trained.forward(parameters, new NDList(images), false).singletonOrThrow();
            SequentialBlock folded = BatchNormFolding.of(ops, trained, BATCH, manager);
            NDArray actual = folded.forward(parameters, new NDList(images), false).singletonOrThrow();
            assertTrue(expected.allClose(actual, 1e-4, 1e-4, false),
                    "largest difference " + expected.sub(actual).abs().max().getFloat());
            assertTrue(trained.forward(parameters, new NDList(images), false).singletonOrThrow().allClose(expected),
                    "the trained network is left as it was");
            assertThrows(IllegalArgumentException.class, () -> BatchNormFolding.of(
                    NetworkOps.of(TestNetworks.spec(arch("conv 3 1 0 1 16 none", "conv 3 1 0 1 32 none",
                            "conv 3 1 0 1 64 none"))), trained, BATCH, manager));
        }
    }

    /** Gamma, beta and the running statistics away from their initial 1, 0, 0 and 1, as after training. */
    private static void giveBatchNormsTrainedValues(SequentialBlock block, NDManager manager) {
        for (Pair<String, Parameter> pair : block.getParameters()) {
            String name = pair.getKey();
            NDArray array = pair.getValue().getArray();
            if (name.endsWith("gamma") || name.endsWith("runningVar")) {
                manager.randomUniform(0.5f, 2f, array.getShape()).copyTo(array);
            } else if (name.endsWith("beta") || name.endsWith("runningMean")) {
                manager.randomUniform(-0.5f, 0.5f, array.getShape()).copyTo(array);
            }
        }
    }
}
