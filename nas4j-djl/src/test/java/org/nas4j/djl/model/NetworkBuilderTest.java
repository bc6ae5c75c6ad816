package org.nas4j.djl.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nas4j.djl.model.MnasSpaces.SPACE;
import static org.nas4j.djl.model.MnasSpaces.arch;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.nas4j.djl.TestNetworks;
import org.nas4j.random.Rng;
import org.nas4j.space.Architecture;

class NetworkBuilderTest {
    private static final NetworkSettings SETTINGS = TestNetworks.GRAY_28;
    private static final Shape ONE_IMAGE = NetworkBuilder.inputShape(SETTINGS, 1);
    private static final String[] STAGE_FIELDS = {"block", "kernel", "expansion", "se", "layers", "skip"};

    /** DJL's count of one block: {trained values, BatchNorm running statistics}. */
    private static long[] djlCount(Block block) {
        long trained = 0;
        long running = 0;
        for (Parameter parameter : block.getParameters().values()) {
            long size = parameter.getArray().size();
            if (parameter.getType() == Parameter.Type.RUNNING_MEAN
                    || parameter.getType() == Parameter.Type.RUNNING_VAR) {
                running += size;
            } else {
                trained += size;
            }
        }
        return new long[] {trained, running};
    }

    @Test
    void sampledArchitecturesRunAndMatchTheAnalyticCount() {
        List<Architecture> architectures = sample(20, 7);
        assertCoverage(architectures);
        architectures.add(extreme(Comparator.comparingLong(ModelCost::parameters)));
        architectures.add(extreme(Comparator.comparingLong(ModelCost::parameters).reversed()));
        for (Architecture architecture : architectures) {
            ModelCost cost = TestNetworks.cost(architecture);
            try (NDManager manager = NDManager.newBaseManager()) {
                SequentialBlock block = TestNetworks.build(architecture);
                block.initialize(manager, DataType.FLOAT32, ONE_IMAGE);
                NDArray logits = block.forward(new ParameterStore(manager, false),
                        new NDList(manager.zeros(ONE_IMAGE)), false).singletonOrThrow();
                assertEquals(new Shape(1, 10), logits.getShape(), architecture.toString());
                assertEquals(new Shape(1, 10), block.getOutputShapes(new Shape[] {ONE_IMAGE})[0]);
                long[] djl = djlCount(block);
                assertEquals(cost.parameters(), djl[0], "trained parameters of " + architecture);
                assertEquals(cost.buffers(), djl[1], "BatchNorm running statistics of " + architecture);
            }
        }
    }

    @Test
    void residualsAppearExactlyWhereTheSkipApplies() {
        for (String skip : List.of("none", "identity")) {
            Architecture architecture = arch("mbconv 3 6 0.25 3 24 " + skip, "dwsep 5 1 0.25 1 48 " + skip,
                    "conv 7 1 0 2 64 " + skip);
            SequentialBlock block = TestNetworks.build(architecture);
            // Stage 1 has two residual layers and stage 3 one; stage 2 has a single layer, so none.
            assertEquals(skip.equals("identity") ? 3 : 0, count(block, b -> b instanceof ParallelBlock), skip);
            // SE in the three mbconv layers and the dwsep layer, not in conv.
            assertEquals(4, count(block, b -> b instanceof SqueezeExcitation), skip);
        }
    }

    @Test
    void aResidualLayerAddsItsInputToTheSameLayerWithoutIt() {
        for (BlockType type : BlockType.values()) {
            LayerSpec plain = new LayerSpec(1, 2, type, 3, 3, 0.25, 16, 16, 1, false);
            LayerSpec residual = new LayerSpec(1, 2, type, 3, 3, 0.25, 16, 16, 1, true);
            Shape shape = new Shape(2, 16, 7, 7);
            try (NDManager manager = NDManager.newBaseManager()) {
                Block withSkip = NetworkBuilder.layer(residual);
                Block without = NetworkBuilder.layer(plain);
                withSkip.initialize(manager, DataType.FLOAT32, shape);
                without.initialize(manager, DataType.FLOAT32, shape);
                assertArrayEquals(djlCount(without), djlCount(withSkip), "the residual has no parameters");
                copyParameters(without, withSkip);
                NDArray x = manager.randomNormal(shape);
                ParameterStore store = new ParameterStore(manager, false);
                NDArray body = without.forward(store, new NDList(x), false).singletonOrThrow();
                NDArray sum = withSkip.forward(store, new NDList(x), false).singletonOrThrow();
                assertFalse(body.allClose(sum), type + ": the residual changes the output");
                assertTrue(body.add(x).allClose(sum, 1e-5, 1e-5, false), type + ": output = layer(x) + x");
            }
        }
    }

    @Test
    void parametersSaveAndLoadIntoAFreshBlock() throws Exception {
        Architecture architecture = arch("mbconv 5 3 0.25 2 24 identity", "dwsep 3 1 0.25 2 48 identity",
                "conv 3 1 0 1 64 none");
        try (NDManager manager = NDManager.newBaseManager()) {
            SequentialBlock trained = TestNetworks.build(architecture);
            assertEquals(3 + TestNetworks.spec(architecture).layers().size() + 6, trained.getChildren().size(),
                    "stem operations, one child per layer, head operations: the structure saved models have");
            trained.initialize(manager, DataType.FLOAT32, ONE_IMAGE);
            NDArray image = manager.randomUniform(0, 1, ONE_IMAGE);
            NDArray expected = trained.forward(new ParameterStore(manager, false), new NDList(image), false)
                    .singletonOrThrow();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                trained.saveParameters(out);
            }
            SequentialBlock restored = TestNetworks.build(architecture);
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
                restored.loadParameters(manager, in);
            }
            NDArray actual = restored.forward(new ParameterStore(manager, false), new NDList(image), false)
                    .singletonOrThrow();
            assertTrue(expected.allClose(actual), "same logits after a save and load");
        }
    }

    @Test
    void gradientsReachEveryParameter() {
        Architecture architecture = arch("mbconv 3 6 0.25 2 16 identity", "dwsep 5 1 0.25 2 32 identity",
                "conv 3 1 0 2 64 identity");
        // A seeded engine and a batch of 16: with an unlucky draw, a narrow squeeze layer's ReLU can be off for every
        // image of a small batch, and its gradient is then exactly zero although the graph reaches it.
        Engine.getInstance().setRandomSeed(1);
        Shape batch = NetworkBuilder.inputShape(SETTINGS, 16);
        try (NDManager manager = NDManager.newBaseManager()) {
            SequentialBlock block = TestNetworks.build(architecture);
            block.initialize(manager, DataType.FLOAT32, batch);
            NDArray images = manager.randomUniform(0, 1, batch);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray logits = block.forward(new ParameterStore(manager, false), new NDList(images), true)
                        .singletonOrThrow();
                // A class-weighted sum rather than a plain one: in training mode BatchNorm centres each channel over
                // the batch, and plain sums of centred values carry little gradient. Array-with-array ops only.
                collector.backward(logits.mul(manager.arange(1f, 11f)).sum());
            }
            for (Parameter parameter : block.getParameters().values()) {
                if (!parameter.requiresGradient()) {
                    continue;
                }
                float[] gradient = parameter.getArray().getGradient().toFloatArray();
                double norm = 0;
                for (float g : gradient) {
                    assertTrue(Float.isFinite(g), parameter.getName() + " has a non-finite gradient");
                    norm += g * (double) g;
                }
                assertTrue(norm > 0, parameter.getName() + " " + parameter.getType() + " has a zero gradient");
            }
        }
    }

    @Test
    void printsTheExtremesAndTheTimeOfOneForwardPass() {
        Comparator<ModelCost> byParameters = Comparator.comparingLong(ModelCost::parameters);
        Comparator<ModelCost> byFlops = Comparator.comparingLong(ModelCost::flops);
        print("smallest (parameters)", extreme(byParameters));
        print("largest (parameters)", extreme(byParameters.reversed()));
        print("smallest (FLOPs)", extreme(byFlops));
        print("largest (FLOPs)", extreme(byFlops.reversed()));

        Architecture mid = arch("mbconv 5 3 0.25 2 24 identity", "mbconv 5 3 0.25 2 48 identity",
                "mbconv 5 3 0.25 2 96 identity");
        print("mid-size", mid);
        try (NDManager manager = NDManager.newBaseManager()) {
            SequentialBlock block = TestNetworks.build(mid);
            block.initialize(manager, DataType.FLOAT32, ONE_IMAGE);
            NDArray image = manager.randomUniform(0, 1, ONE_IMAGE);
            double[] millis = new double[25];
            for (int i = 0; i < millis.length; i++) {
                // A sub-manager per pass frees its intermediate arrays at once.
                try (NDManager pass = manager.newSubManager()) {
                    long start = System.nanoTime();
                    NDArray logits = block.forward(new ParameterStore(pass, false),
                            new NDList(image.duplicate()), false).singletonOrThrow();
                    logits.toFloatArray(); // waits for the result
                    millis[i] = (System.nanoTime() - start) / 1e6;
                }
            }
            double first = millis[0];
            double[] warm = Arrays.copyOfRange(millis, 5, millis.length);
            Arrays.sort(warm);
            System.out.printf("mid-size forward pass, batch 1, CPU: first %.2f ms, then median %.2f ms (min %.2f)"
                    + " over %d passes, %d cores%n", first, warm[warm.length / 2], warm[0], warm.length,
                    Runtime.getRuntime().availableProcessors());
        }
    }

    private static void print(String label, Architecture architecture) {
        ModelCost cost = TestNetworks.cost(architecture);
        System.out.printf("%-22s %,9d parameters (+%,d BN running stats), %,12d multiply-adds: %s%n", label,
                cost.parameters(), cost.buffers(), cost.flops(), architecture);
    }

    /**
     * The architecture of the space first in this order. Exact without enumerating the 9.2e8 architectures: once
     * the filters of every stage are fixed, the cost is a sum of one term per stage (its input width and map size
     * are then fixed) plus stem and head, so each stage is chosen on its own among its 324 other choices.
     */
    private static Architecture extreme(Comparator<ModelCost> order) {
        Architecture best = null;
        for (int f = 0; f < 27; f++) {
            Architecture candidate = SPACE.architecture(new int[SPACE.size()]);
            for (int s = 1; s <= 3; s++) {
                int filters = f / (int) Math.pow(3, s - 1) % 3;
                candidate = candidate.with(SPACE.indexOf("stage" + s + ".filters"), filters);
            }
            for (int s = 1; s <= 3; s++) {
                candidate = bestStage(candidate, s, order);
            }
            if (best == null || order.compare(TestNetworks.cost(candidate), TestNetworks.cost(best)) < 0) {
                best = candidate;
            }
        }
        return best;
    }

    private static Architecture bestStage(Architecture start, int stage, Comparator<ModelCost> order) {
        int[] indices = new int[STAGE_FIELDS.length];
        int combinations = 1;
        for (int i = 0; i < indices.length; i++) {
            indices[i] = SPACE.indexOf("stage" + stage + "." + STAGE_FIELDS[i]);
            combinations *= SPACE.decision(indices[i]).size();
        }
        Architecture best = start;
        for (int c = 0; c < combinations; c++) {
            Architecture candidate = start;
            int rest = c;
            for (int index : indices) {
                int size = SPACE.decision(index).size();
                candidate = candidate.with(index, rest % size);
                rest /= size;
            }
            if (order.compare(TestNetworks.cost(candidate), TestNetworks.cost(best)) < 0) {
                best = candidate;
            }
        }
        return best;
    }

    private static List<Architecture> sample(int count, long seed) {
        Rng rng = new Rng(seed);
        List<Architecture> architectures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int[] choices = new int[SPACE.size()];
            for (int d = 0; d < choices.length; d++) {
                choices[d] = rng.nextInt(SPACE.decision(d).size());
            }
            architectures.add(SPACE.architecture(choices));
        }
        return architectures;
    }

    /** Fails unless the sample uses every option, and every combination that changes the network, somewhere. */
    private static void assertCoverage(List<Architecture> architectures) {
        Set<String> seen = new HashSet<>();
        for (Architecture architecture : architectures) {
            for (String name : SPACE.names()) {
                seen.add(name + "=" + architecture.textValue(name));
            }
            for (StageSpec stage : TestNetworks.spec(architecture).stages()) {
                seen.add(stage.block() + " kernel " + stage.kernel());
                seen.add(stage.block() + " layers " + stage.layers());
                if (stage.block() != BlockType.CONV) {
                    seen.add(stage.block() + " se " + stage.seRatio());
                }
                if (stage.block() == BlockType.MBCONV) {
                    seen.add("mbconv expansion " + stage.expansion());
                }
                if (stage.layers() > 1) {
                    seen.add("multi-layer skip " + stage.skip());
                }
            }
        }
        List<String> wanted = new ArrayList<>();
        for (int d = 0; d < SPACE.size(); d++) {
            for (int o = 0; o < SPACE.decision(d).size(); o++) {
                wanted.add(SPACE.decision(d).name() + "=" + SPACE.decision(d).option(o));
            }
        }
        for (BlockType type : BlockType.values()) {
            for (int k : new int[] {3, 5, 7}) {
                wanted.add(type + " kernel " + k);
            }
            for (int layers = 1; layers <= 3; layers++) {
                wanted.add(type + " layers " + layers);
            }
        }
        wanted.addAll(List.of("dwsep se 0.0", "dwsep se 0.25", "mbconv se 0.0", "mbconv se 0.25",
                "mbconv expansion 1", "mbconv expansion 3", "mbconv expansion 6", "multi-layer skip none",
                "multi-layer skip identity"));
        List<String> missing = wanted.stream().filter(w -> !seen.contains(w)).toList();
        assertTrue(missing.isEmpty(), "the sample misses " + missing + ": choose another seed");
    }

    private static void copyParameters(Block from, Block to) {
        List<Parameter> source = new ArrayList<>(from.getParameters().values());
        List<Parameter> target = new ArrayList<>(to.getParameters().values());
        assertEquals(source.size(), target.size());
        for (int i = 0; i < source.size(); i++) {
            target.get(i).getArray().set(source.get(i).getArray().toFloatArray());
        }
    }

    private static int count(Block block, Predicate<Block> match) {
        int found = match.test(block) ? 1 : 0;
        for (Block child : block.getChildren().values()) {
            found += count(child, match);
        }
        return found;
    }
}
