package org.nas4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.nas4j.cli.Commands.Outcome;

class LatencyCommandTest {

    private static JsonNode json(Outcome outcome) throws Exception {
        assertEquals(0, outcome.exitCode(), outcome.err());
        return outcome.json();
    }

    @Test
    void latencyRepeatabilityReportsEachPair() throws Exception {
        JsonNode result = json(Commands.run("bench", "latency", "--config",
                Path.of("..", "examples", "fashion-mnist.yaml").toString(), "--architectures", "2", "--warmup", "2",
                "--json"));
        assertEquals(2, result.get("pairs").size());
        for (JsonNode pair : result.get("pairs")) {
            assertTrue(pair.get("first_ms").asDouble() > 0 && pair.get("second_ms").asDouble() > 0, pair.toString());
            assertEquals(pair.get("second_ms").asDouble() / pair.get("first_ms").asDouble(),
                    pair.get("ratio").asDouble(), 1e-12);
            assertTrue(pair.get("in_turn_first_ms").asDouble() > 0 && pair.get("in_turn_second_ms").asDouble() > 0,
                    pair.toString());
            assertEquals(pair.get("in_turn_second_ms").asDouble() / pair.get("in_turn_first_ms").asDouble(),
                    pair.get("in_turn_ratio").asDouble(), 1e-12);
        }
        for (String prefix : new String[] {"", "in_turn_"}) {
            double within = result.get(prefix + "fraction_within_10_percent").asDouble();
            assertTrue(within == 0 || within == 0.5 || within == 1, prefix + " a fraction of 2 pairs: " + within);
        }
        assertTrue(result.get("device").asText().contains("PyTorch"));
        assertEquals(2, Commands.run("bench", "latency", "--runs", "5").exitCode());
    }
}
