package org.nas4j.djl.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.djl.TestNetworks;
import org.nas4j.djl.model.NetworkSpec;
import org.nas4j.random.Rng;
import org.nas4j.space.Architecture;
import org.nas4j.strategy.RandomSearch;

class LatencyModelTest {
    private static final LatencySettings QUICK = new LatencySettings(1, 2, 30);

    private static List<NetworkSpec> networks(int count, long seed) {
        Rng rng = new Rng(seed);
        List<NetworkSpec> specs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Architecture architecture = RandomSearch.sample(TestNetworks.exampleSpace(), rng).canonical();
            specs.add(NetworkSpec.of(architecture, TestNetworks.GRAY_28));
        }
        return specs;
    }

    /** Latencies that fit a line below zero for small networks, as a busy machine times them, fit through 0. */
    @Test
    void aFitThatWouldPredictNoTimeGoesThroughTheOrigin() {
        List<NetworkSpec> specs = networks(3, 1);
        try (NDManager manager = NDManager.newBaseManager()) {
            LatencyModel model = new LatencyModel(TestNetworks.GRAY_28, QUICK);
            double[] x = specs.stream().mapToDouble(spec -> model.sumMs(spec, manager)).toArray();
            double smallest = java.util.Arrays.stream(x).min().orElseThrow();
            // Exactly the line 3x - 2 min(x): least squares gives it back, with a negative intercept.
            List<Double> measured = java.util.Arrays.stream(x).map(v -> 3 * v - 2 * smallest).boxed().toList();
            model.fit(specs, measured, manager);
            double xy = 0;
            double xx = 0;
            for (int i = 0; i < x.length; i++) {
                xy += x[i] * measured.get(i);
                xx += x[i] * x[i];
            }
            assertEquals(0.0, model.intercept());
            assertEquals(xy / xx, model.slope(), 1e-12);
            for (NetworkSpec spec : specs) {
                assertTrue(model.predictMs(spec, manager) > 0);
            }
        }
    }

    @Test
    void predictsFromTimedOperationsAndAFitThatReadsBackWithoutTimingAgain(@TempDir Path dir) throws IOException {
        List<NetworkSpec> specs = networks(3, 1);
        try (NDManager manager = NDManager.newBaseManager()) {
            LatencyModel model = new LatencyModel(TestNetworks.GRAY_28, QUICK);
            // The sum needs no fit; each network has at least a stem, a layer per stage and a head.
            double first = model.sumMs(specs.get(0), manager);
            assertTrue(first > 0, "a network takes time");
            int timed = model.operationCount();
            assertTrue(timed >= 5, "stem, three or more layers, head: " + timed);
            assertEquals(first, model.sumMs(specs.get(0), manager), "a timed operation is not timed again");
            assertEquals(timed, model.operationCount());

            LatencyProfiler profiler = new LatencyProfiler(QUICK.warmup(), QUICK.runs());
            List<Double> measured = new ArrayList<>();
            for (NetworkSpec spec : specs) {
                try (NDManager scope = manager.newSubManager()) {
                    measured.add(profiler.measure(org.nas4j.djl.model.BatchNormFolding.untrained(spec, scope), scope,
                            TestNetworks.GRAY_28.imageShape(), 1).medianMs());
                }
            }
            model.fit(specs, measured, manager);
            assertTrue(Double.isFinite(model.intercept()) && Double.isFinite(model.slope()));
            double predicted = model.predictMs(specs.get(1), manager);
            assertEquals(model.intercept() + model.slope() * model.sumMs(specs.get(1), manager), predicted, 1e-12);

            Path file = dir.resolve("latency-model.json");
            model.write(file);
            LatencyModel read = new LatencyModel(TestNetworks.GRAY_28, QUICK);
            read.read(file);
            assertEquals(model.operationCount(), read.operationCount());
            assertEquals(predicted, read.predictMs(specs.get(1), manager), 1e-12);
            assertEquals(model.operationCount(), read.operationCount(), "nothing timed again");

            LatencyModel otherBatch = new LatencyModel(TestNetworks.GRAY_28, new LatencySettings(8, 2, 30));
            IOException error = assertThrows(IOException.class, () -> otherBatch.read(file));
            assertTrue(error.getMessage().contains("batch size 1"), error.getMessage());
        }
    }

    @Test
    void fittingNeedsNetworksOfDifferentSums() {
        try (NDManager manager = NDManager.newBaseManager()) {
            LatencyModel model = new LatencyModel(TestNetworks.GRAY_28, QUICK);
            NetworkSpec one = networks(1, 2).get(0);
            assertThrows(IllegalArgumentException.class, () -> model.fit(List.of(one), List.of(1.0), manager));
            assertThrows(IllegalArgumentException.class, () -> model.fit(List.of(one, one), List.of(1.0, 1.1),
                    manager));
        }
    }
}
