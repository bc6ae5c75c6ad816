package org.nas4j.bench.latency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.data.ImageShape;
import org.nas4j.djl.model.NetworkLayout;
import org.nas4j.djl.model.NetworkSettings;
import org.nas4j.djl.profile.LatencySettings;
import org.nas4j.space.SearchSpace;

class LatencyModelBenchmarkTest {
    private static final SearchSpace SPACE = SearchSpace.builder()
            .decision("stage1.block", "conv", "dwsep", "mbconv").decision("stage1.kernel", 3, 5)
            .decision("stage1.expansion", 1, 3).decision("stage1.se", 0, 0.25).decision("stage1.layers", 1, 2)
            .decision("stage1.filters", 8, 16).decision("stage1.skip", "none", "identity")
            .build();

    @Test
    void fitsOnSomeNetworksPredictsOthersAndKeepsItsTable(@TempDir Path dir) {
        NetworkSettings network = new NetworkSettings(ImageShape.grayscale(16, 16), 4,
                new NetworkLayout(8, 3, 1, List.of(2), 16));
        LatencyModelBenchmark benchmark = new LatencyModelBenchmark(SPACE, network, new LatencySettings(1, 2, 30),
                line -> { });
        Path file = dir.resolve("model.json");
        LatencyModelBenchmark.Result result = benchmark.run(3, 4, 1, file);
        assertTrue(Files.exists(file));
        assertEquals(3, result.fitted());
        assertEquals(4, result.heldOut());
        for (double share : new double[] {result.withinTenPercent(), result.repeatWithin()}) {
            assertTrue(share >= 0 && share <= 1, result.toString());
        }
        assertTrue(result.medianErrorPercent() >= 0, result.toString());
        assertTrue(result.operations() >= 3, "stem, a layer, head: " + result);
    }
}
