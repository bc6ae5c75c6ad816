package org.nas4j.djl.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NativeAllocatorTest {

    @Test
    void tunesGlibcAndAsksLibtorchForHugePages() {
        NativeAllocator.State state = NativeAllocator.tune();
        assertTrue(state.tuned(), state.description());
        assertEquals(state, NativeAllocator.tune(), "applied once");
        if (System.getenv(NativeAllocator.HUGE_PAGES_VARIABLE) == null) {
            assertEquals("1", CLibrary.instance().getenv(NativeAllocator.HUGE_PAGES_VARIABLE));
            assertTrue(state.description().contains("huge pages on"), state.description());
        }
    }

    /** The settings move buffers, not arithmetic: a training step gives the same numbers with and without them. */
    @Test
    void aTrainingStepComputesTheSameWithTheSystemSettings() throws Exception {
        JsonNode tuned = probe("tuned");
        JsonNode system = probe("system");
        assertTrue(tuned.get("allocator").asText().startsWith("tuned"), tuned.get("allocator").asText());
        assertTrue(system.get("allocator").asText().startsWith("system"), system.get("allocator").asText());
        assertEquals(system.get("loss").asDouble(), tuned.get("loss").asDouble(), 1e-6);
        List<String> names = new ArrayList<>();
        system.get("gradients").fieldNames().forEachRemaining(names::add);
        assertTrue(names.size() > 10, "every trained parameter: " + names);
        List<String> tunedNames = new ArrayList<>();
        tuned.get("gradients").fieldNames().forEachRemaining(tunedNames::add);
        assertEquals(names, tunedNames);
        for (String name : names) {
            assertClose(system.get("gradients").get(name), tuned.get("gradients").get(name), name);
        }
        assertClose(system.get("output"), tuned.get("output"), "the output after the Adam step");
    }

    private static void assertClose(JsonNode expected, JsonNode actual, String what) {
        assertEquals(expected.size(), actual.size(), what);
        double scale = 0;
        for (JsonNode value : expected) {
            scale = Math.max(scale, Math.abs(value.asDouble()));
        }
        Iterator<JsonNode> values = actual.iterator();
        for (int i = 0; i < expected.size(); i++) {
            double difference = Math.abs(expected.get(i).asDouble() - values.next().asDouble());
            assertTrue(difference <= 1e-5 * Math.max(scale, 1e-3), what + "[" + i + "] differs by " + difference
                    + " (largest magnitude " + scale + ")");
        }
    }

    /** Runs {@link AllocatorProbe} in a fresh JVM: the allocator and libtorch read their settings once. */
    private static JsonNode probe(String allocator) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(java.toString(), "-Dai.djl.offline=true",
                "-D" + NativeAllocator.PROPERTY + "=" + allocator, "-cp", System.getProperty("java.class.path"),
                AllocatorProbe.class.getName());
        Map<String, String> environment = builder.environment();
        environment.remove(NativeAllocator.HUGE_PAGES_VARIABLE);
        builder.redirectErrorStream(true);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), output);
        String last = output.strip().substring(output.strip().lastIndexOf('\n') + 1);
        return new ObjectMapper().readTree(last);
    }
}
