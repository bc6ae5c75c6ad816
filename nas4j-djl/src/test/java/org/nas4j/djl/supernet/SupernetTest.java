package org.nas4j.djl.supernet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nas4j.djl.TestNetworks;
import org.nas4j.djl.model.NetworkBuilder;
import org.nas4j.djl.model.NetworkSpec;
import org.nas4j.djl.model.Op;
import org.nas4j.random.Rng;
import org.nas4j.space.Architecture;
import org.nas4j.space.SearchSpace;
import org.nas4j.space.SearchSpaceException;
import org.nas4j.strategy.RandomSearch;

class SupernetTest {
    private static final SearchSpace SPACE = TestNetworks.exampleSpace();
    private static final SupernetSpace SUPERNET_SPACE = SupernetSpace.of(SPACE, TestNetworks.GRAY_28);

    private static Supernet.Pass pass(NDManager manager, Supernet.Mode mode, BatchNormStatistics statistics) {
        return new Supernet.Pass(manager, mode, statistics, new HashSet<>());
    }

    private static List<Architecture> sample(int count, long seed) {
        Rng rng = new Rng(seed);
        List<Architecture> architectures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            architectures.add(RandomSearch.sample(SPACE, rng).canonical());
        }
        return architectures;
    }

    /** The stand-alone network of the architecture, holding the path's weights. */
    private static SequentialBlock standAlone(Supernet supernet, NetworkSpec spec, BatchNormStatistics statistics,
                                              NDManager manager) {
        SequentialBlock block = NetworkBuilder.build(spec);
        block.initialize(manager, DataType.FLOAT32, NetworkBuilder.inputShape(TestNetworks.GRAY_28, 2));
        List<NDArray> weights = supernet.pathWeights(spec, statistics, manager);
        List<Parameter> parameters = new ArrayList<>();
        for (Pair<String, Parameter> pair : block.getParameters()) {
            parameters.add(pair.getValue());
        }
        assertEquals(parameters.size(), weights.size(), "one supernet weight per parameter of the network");
        for (int i = 0; i < weights.size(); i++) {
            NDArray target = parameters.get(i).getArray();
            assertEquals(target.getShape(), weights.get(i).getShape(), parameters.get(i).getName());
            target.set(weights.get(i).toFloatArray());
        }
        return block;
    }

    @ParameterizedTest
    @EnumSource(Sharing.class)
    void aPathComputesItsStandAloneNetworkWithTheSharedWeights(Sharing sharing) {
        try (NDManager manager = NDManager.newBaseManager();
             Supernet supernet = Supernet.create(SUPERNET_SPACE, sharing, manager, 7)) {
            NDArray images = manager.randomNormal(new Shape(4, 1, 28, 28));
            // Training passes move the running statistics away from their initial values.
            for (Architecture architecture : sample(4, 1)) {
                try (NDManager step = manager.newSubManager()) {
                    supernet.forward(supernet.spec(architecture), images, pass(step, Supernet.Mode.TRAIN, null));
                }
            }
            for (Architecture architecture : sample(8, 2)) {
                NetworkSpec spec = supernet.spec(architecture);
                try (NDManager step = manager.newSubManager()) {
                    float[] path = supernet.forward(spec, images, pass(step, Supernet.Mode.INFER, null))
                            .toFloatArray();
                    SequentialBlock block = standAlone(supernet, spec, null, step);
                    float[] alone = block.forward(new ParameterStore(step, false), new NDList(images), false)
                            .singletonOrThrow().toFloatArray();
                    assertArrayEquals(alone, path, 1e-4f, architecture.canonicalString());
                }
            }
        }
    }

    /**
     * Entangled kernels, worked out by hand: the stored 7x7 kernel's leading channels, its centre 5x5 through the
     * 5x5 transform, and that one's centre 3x3 through the 3x3 transform, with neither transform the identity.
     */
    @Test
    void aSmallerEntangledKernelIsTheCentreOfTheNextLargerThroughThatSizesTransform() {
        try (NDManager manager = NDManager.newBaseManager();
             Supernet supernet = Supernet.create(SUPERNET_SPACE, Sharing.ENTANGLED, manager, 7)) {
            NetworkSpec spec = supernet.spec(TestNetworks.small()); // stage 1: conv 3x3, 16 to 16 channels
            NamedOp conv = supernet.path(spec).stream().flatMap(layer -> layer.body().stream())
                    .filter(n -> n.op() instanceof Op.Conv c && c.kernel() == 3 && c.groups() == 1 && c.in() == 16
                            && c.out() == 16)
                    .findFirst().orElseThrow();
            assertEquals(List.of(7, 5, 3), conv.kernels(), "the chain of kernels from the stored 7x7");
            NDArray stored = supernet.weights().get(conv.name() + ".weight");
            int storedIn = (int) stored.getShape().get(1);
            java.util.Random random = new java.util.Random(3);
            float[] kernels = new float[(int) stored.size()];
            for (int k = 0; k < kernels.length; k++) {
                kernels[k] = k * 1e-3f;
            }
            float[] t5 = randomFloats(random, 25 * 25);
            float[] t3 = randomFloats(random, 9 * 9);
            stored.set(kernels);
            supernet.weights().get(conv.name() + ".t5").set(t5);
            supernet.weights().get(conv.name() + ".t3").set(t3);

            float[] actual = supernet.pathWeights(spec, null, manager).stream()
                    .filter(a -> a.getShape().equals(new Shape(16, 16, 3, 3))).findFirst().orElseThrow()
                    .toFloatArray();
            for (int o = 0; o < 16; o++) {
                for (int i = 0; i < 16; i++) {
                    float[] k7 = new float[49];
                    System.arraycopy(kernels, (o * storedIn + i) * 49, k7, 0, 49);
                    float[] k5 = transformed(centre(k7, 7, 5), t5, 25);
                    float[] k3 = transformed(centre(k5, 5, 3), t3, 9);
                    for (int j = 0; j < 9; j++) {
                        assertEquals(k3[j], actual[(o * 16 + i) * 9 + j], 1e-3f * Math.max(1, Math.abs(k3[j])),
                                "output " + o + ", input " + i + ", position " + j);
                    }
                }
            }
        }
    }

    @Test
    void aNarrowPathMovesOnlyTheLeadingChannelsOfTheRunningStatistics() {
        try (NDManager manager = NDManager.newBaseManager();
             Supernet supernet = Supernet.create(SUPERNET_SPACE, Sharing.ENTANGLED, manager, 7)) {
            NetworkSpec spec = supernet.spec(TestNetworks.small()); // stage 1: 16 of up to 48 filters
            String norm = supernet.path(spec).stream().flatMap(layer -> layer.body().stream())
                    .filter(n -> n.op() instanceof Op.BatchNorm bn && bn.channels() == 16
                            && supernet.runningStatistics().get(n.name() + ".mean").getShape().get(0) > 16)
                    .map(NamedOp::name).findFirst().orElseThrow();
            float[] before = supernet.runningStatistics().get(norm + ".mean").toFloatArray();
            try (NDManager step = manager.newSubManager()) {
                supernet.forward(spec, manager.randomNormal(new Shape(8, 1, 28, 28)).add(3),
                        pass(step, Supernet.Mode.TRAIN, null));
            }
            float[] after = supernet.runningStatistics().get(norm + ".mean").toFloatArray();
            boolean leadingMoved = false;
            for (int c = 0; c < after.length; c++) {
                if (c < 16) {
                    leadingMoved |= after[c] != before[c];
                } else {
                    assertEquals(before[c], after[c], norm + " channel " + c + " is not on the path");
                }
            }
            assertTrue(leadingMoved, norm + ": the path's own channels move");
        }
    }

    private static float[] randomFloats(java.util.Random random, int count) {
        float[] values = new float[count];
        for (int k = 0; k < count; k++) {
            values[k] = (float) random.nextGaussian();
        }
        return values;
    }

    /** The centre {@code to} x {@code to} of a {@code from} x {@code from} kernel, row by row. */
    private static float[] centre(float[] kernel, int from, int to) {
        int offset = (from - to) / 2;
        float[] centre = new float[to * to];
        for (int y = 0; y < to; y++) {
            for (int x = 0; x < to; x++) {
                centre[y * to + x] = kernel[(offset + y) * from + offset + x];
            }
        }
        return centre;
    }

    /** The kernel as a row vector times the n x n transform. */
    private static float[] transformed(float[] kernel, float[] transform, int n) {
        float[] result = new float[n];
        for (int j = 0; j < n; j++) {
            double sum = 0;
            for (int m = 0; m < n; m++) {
                sum += kernel[m] * transform[m * n + j];
            }
            result[j] = (float) sum;
        }
        return result;
    }

    @Test
    void recalibratedStatisticsAreThePathsOwnBatchStatistics() {
        try (NDManager manager = NDManager.newBaseManager();
             Supernet supernet = Supernet.create(SUPERNET_SPACE, Sharing.ENTANGLED, manager, 7)) {
            NDArray images = manager.randomNormal(new Shape(32, 1, 28, 28));
            NetworkSpec spec = supernet.spec(sample(1, 3).get(0));
            try (NDManager step = manager.newSubManager();
                 BatchNormStatistics statistics = new BatchNormStatistics(step)) {
                float[] trainMode = supernet.forward(spec, images, pass(step, Supernet.Mode.TRAIN, null))
                        .toFloatArray();
                supernet.forward(spec, images, pass(step, Supernet.Mode.CALIBRATE, statistics));
                float[] calibrated = supernet.forward(spec, images, pass(step, Supernet.Mode.INFER, statistics))
                        .toFloatArray();
                float[] running = supernet.forward(spec, images, pass(step, Supernet.Mode.INFER, null))
                        .toFloatArray();
                // Recorded variances are unbiased (n - 1), a training pass divides by n: close, not equal.
                double recalibrated = maxDifference(trainMode, calibrated);
                assertTrue(recalibrated < 1e-2, "recalibrated: " + recalibrated);
                assertTrue(maxDifference(trainMode, running) > 10 * recalibrated,
                        "one step of running statistics is far from the batch's own");
            }
        }
    }

    @Test
    void entangledKernelsShareTheLargestWhilePerChoiceKernelsHaveTheirOwn() {
        Architecture k3 = SPACE.architecture(new int[SPACE.size()]).canonical();
        Architecture k7 = k3.with(SPACE.indexOf("stage1.kernel"), 2);
        for (Sharing sharing : Sharing.values()) {
            try (NDManager manager = NDManager.newBaseManager();
                 Supernet supernet = Supernet.create(SUPERNET_SPACE, sharing, manager, 7)) {
                NDArray images = manager.randomNormal(new Shape(2, 1, 28, 28));
                Set<String> small = new HashSet<>();
                Set<String> large = new HashSet<>();
                supernet.forward(supernet.spec(k3), images, new Supernet.Pass(manager, Supernet.Mode.TRAIN, null,
                        small));
                supernet.forward(supernet.spec(k7), images, new Supernet.Pass(manager, Supernet.Mode.TRAIN, null,
                        large));
                boolean shared = small.contains("s1.l1.conv.conv.weight") && large.contains("s1.l1.conv.conv.weight");
                assertEquals(sharing == Sharing.ENTANGLED, shared, sharing + ": " + small);
                assertEquals(sharing == Sharing.ENTANGLED, small.contains("s1.l1.conv.conv.t3"), sharing + ": " + small);
                assertFalse(large.contains("s1.l1.conv.conv.t3"), "the largest kernel needs no transform");
            }
        }
    }

    @Test
    void perChoiceHoldsMoreWeightsThanEntangled() {
        try (NDManager manager = NDManager.newBaseManager();
             Supernet perChoice = Supernet.create(SUPERNET_SPACE, Sharing.PER_CHOICE, manager, 1);
             Supernet entangled = Supernet.create(SUPERNET_SPACE, Sharing.ENTANGLED, manager, 1)) {
            assertTrue(perChoice.parameterCount() > 2 * entangled.parameterCount(),
                    perChoice.parameterCount() + " vs " + entangled.parameterCount());
        }
    }

    @Test
    void writtenWeightsReadBackIntoAnotherSupernet() throws Exception {
        try (NDManager manager = NDManager.newBaseManager();
             Supernet first = Supernet.create(SUPERNET_SPACE, Sharing.ENTANGLED, manager, 1);
             Supernet second = Supernet.create(SUPERNET_SPACE, Sharing.ENTANGLED, manager, 2)) {
            NDArray images = manager.randomNormal(new Shape(2, 1, 28, 28));
            NetworkSpec spec = first.spec(sample(1, 5).get(0));
            first.forward(spec, images, pass(manager, Supernet.Mode.TRAIN, null));
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            first.write(new DataOutputStream(bytes));
            second.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
            assertArrayEquals(first.forward(spec, images, pass(manager, Supernet.Mode.INFER, null)).toFloatArray(),
                    second.forward(spec, images, pass(manager, Supernet.Mode.INFER, null)).toFloatArray(), 0f);
        }
    }

    @Test
    void aDecisionTheSupernetCannotHoldIsNamed() {
        SearchSpace extra = SearchSpace.builder().decision("stage1.block", "conv").decision("stage1.kernel", 3)
                .decision("stage1.expansion", 1).decision("stage1.se", 0).decision("stage1.layers", 1)
                .decision("stage1.filters", 16).decision("stage1.skip", "none").decision("stage1.dropout", 0, 0.2)
                .build();
        SearchSpaceException error = assertThrows(SearchSpaceException.class, () -> SupernetSpace.of(extra,
                org.nas4j.djl.model.NetworkSettings.of(org.nas4j.data.ImageShape.grayscale(8, 8), 2)));
        assertTrue(error.getMessage().contains("'stage1.dropout'"), error.getMessage());
    }

    @Test
    void theLargestAndSmallestPathsBoundTheSpacesCost() {
        long largest = cost(SUPERNET_SPACE.extreme(true));
        long smallest = cost(SUPERNET_SPACE.extreme(false));
        for (Architecture architecture : sample(200, 9)) {
            long flops = cost(architecture);
            assertTrue(flops <= largest && flops >= smallest, architecture.canonicalString());
        }
    }

    private static long cost(Architecture architecture) {
        return org.nas4j.djl.model.ModelCost.of(NetworkSpec.of(architecture, TestNetworks.GRAY_28)).flops();
    }

    private static double maxDifference(float[] a, float[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
