package org.nas4j.bench.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.bench.BenchmarkTable;
import org.nas4j.bench.nb201.Nb201;
import org.nas4j.cli.Commands;
import org.nas4j.cli.Commands.Outcome;

class BenchCommandTest {

    private static JsonNode json(Outcome outcome) throws Exception {
        assertEquals(0, outcome.exitCode(), outcome.err());
        return outcome.json();
    }

    /** The result without its wall-clock times, which differ from run to run. */
    private static JsonNode withoutTimings(JsonNode result) {
        com.fasterxml.jackson.databind.node.ObjectNode copy = result.deepCopy();
        copy.remove(List.of("load_seconds", "search_seconds"));
        copy.get("results").forEach(row -> ((com.fasterxml.jackson.databind.node.ObjectNode) row).remove("seconds"));
        return copy;
    }

    @Test
    void theModelBasedStrategyRunsTheProtocolAndRepeatsWithTheSameSeeds() throws Exception {
        JsonNode result = json(Commands.run("bench", "nb201", "--strategy", "model", "--runs", "5", "--json"));
        JsonNode row = result.get("results").get(0);
        assertEquals("model", row.get("strategy").asText());
        assertTrue(row.get("test_mean").asDouble() > 93 && row.get("test_mean").asDouble() < 94.38, row.toString());
        assertEquals(withoutTimings(result), withoutTimings(json(Commands.run("bench", "nb201", "--strategy",
                "model", "--runs", "5", "--json"))), "same seeds, same results");
    }

    @Test
    void jsonSummaryHasOneRowPerStrategy() throws Exception {
        JsonNode result = json(Commands.run("bench", "nb201", "--strategy", "evolution", "--runs", "20",
                "--json"));
        assertEquals(94.3733, result.get("optimal_test").asDouble(), 1e-9);
        JsonNode row = result.get("results").get(0);
        assertEquals("evolution", row.get("strategy").asText());
        assertEquals(20, row.get("runs").asInt());
        for (String field : List.of("queries_mean", "test_mean", "test_std", "valid_mean", "valid_std")) {
            assertTrue(row.get(field).isNumber(), field);
        }
        assertTrue(row.get("test_mean").asDouble() > 93 && row.get("test_mean").asDouble() < 94.38);
        assertTrue(result.get("search_seconds").asDouble() > 0);
        assertEquals(withoutTimings(result), withoutTimings(json(Commands.run("bench", "nb201", "--strategy",
                "evolution", "--runs", "20", "--json", "--threads", "1"))), "same seeds, same results on one thread");
    }

    @Test
    void writesCurvesAndChosenArchitectures(@TempDir Path dir) throws Exception {
        Outcome outcome = Commands.run("bench", "nb201", "--strategy", "random", "--runs", "4", "--out",
                dir.toString());
        assertEquals(0, outcome.exitCode(), outcome.err());
        assertTrue(outcome.out().contains("best in the space: 94.37"), outcome.out());
        List<String> chosen = Files.readAllLines(dir.resolve("chosen.csv"));
        assertEquals(5, chosen.size());
        assertTrue(chosen.get(1).startsWith("random,0,"), chosen.get(1));
        assertEquals(121, Files.readAllLines(dir.resolve("anytime.csv")).size());
        assertTrue(Files.size(dir.resolve("anytime.png")) > 1000);
    }

    @Test
    void searchesAUsersTableByItsColumns(@TempDir Path dir) throws Exception {
        // The shipped table under other column names, with a constant cost per query: 50 queries per 5000 s.
        BenchmarkTable shipped = Nb201.loadResults();
        double[] signal = shipped.column(Nb201.SIGNAL);
        double[] test = shipped.column(Nb201.TEST);
        Path table = dir.resolve("mine.csv");
        try (BufferedWriter out = Files.newBufferedWriter(table)) {
            out.write("arch_str,label,my_valid,my_test,cost_sec\n");
            for (int row = 0; row < shipped.rows(); row++) {
                out.write(shipped.key(row) + ",cell" + row + "," + signal[row] + "," + test[row] + ",100\n");
            }
        }
        JsonNode result = json(Commands.run("bench", "nb201", "--table", table.toString(), "--signal",
                "my_valid", "--report", "my_test", "--strategy", "random", "--runs", "3", "--budget", "5000",
                "--json"));
        JsonNode row = result.get("results").get(0);
        assertEquals(50.0, row.get("queries_mean").asDouble());
        assertFalse(row.has("valid_mean"), "a user's table has no fixed validation column");
        assertEquals(94.3733, result.get("optimal_test").asDouble(), 1e-9);
    }

    @Test
    void hardwareAwareSearchRespectsTheLimitAndReportsTheFront(@TempDir Path dir) throws Exception {
        JsonNode result = json(Commands.run("bench", "nb201", "--strategy", "random,evolution", "--runs",
                "10", "--latency-device", "pixel3", "--max-latency-ms", "10", "--out", dir.toString(), "--json"));
        assertEquals(2, result.get("results").size());
        for (JsonNode row : result.get("results")) {
            assertTrue(row.get("latency_ms_mean").asDouble() <= 10.0, row.toString());
            assertTrue(row.get("rejected_mean").asDouble() > 0, row.toString());
            double fraction = row.get("hv_fraction_mean").asDouble();
            assertTrue(fraction > 0 && fraction <= 1.0, row.toString());
        }
        assertTrue(result.get("optimal_test").asDouble() < 94.3733, "the best within 10 ms is not the best");
        List<String> pareto = Files.readAllLines(dir.resolve("pareto.csv"));
        assertEquals("front,latency_ms,accuracy,arch_str", pareto.get(0));
        assertTrue(pareto.stream().anyMatch(line -> line.startsWith("true front,")));
        assertTrue(Files.exists(dir.resolve("pareto.png")));

        JsonNode soft = json(Commands.run("bench", "nb201", "--strategy", "evolution", "--runs", "10",
                "--latency-device", "raspi4", "--reward", "mnas", "--target-ms", "5", "--json"));
        JsonNode plain = json(Commands.run("bench", "nb201", "--strategy", "evolution", "--runs", "10",
                "--latency-device", "raspi4", "--json"));
        assertTrue(soft.get("results").get(0).get("latency_ms_mean").asDouble()
                < plain.get("results").get(0).get("latency_ms_mean").asDouble(), "a latency target pulls latency down");
    }


    @Test
    void memoryReportsResidentMemoryPerTrialAndPerBlock() throws Exception {
        JsonNode result = json(Commands.run("bench", "memory", "--config",
                Path.of("..", "examples", "fashion-mnist.yaml").toString(), "--trials", "3", "--images", "50",
                "--json"));
        assertEquals(3, result.get("trials").size());
        for (JsonNode trial : result.get("trials")) {
            assertTrue(trial.get("resident_mb").asDouble() > trial.get("heap_committed_mb").asDouble() / 4,
                    "the resident memory holds at least part of the heap: " + trial);
        }
        assertEquals(1, result.get("blocks").size());
        assertEquals(2, Commands.run("bench", "memory", "--trials", "0").exitCode());
    }

    @Test
    void badInputExitsWith2(@TempDir Path dir) throws Exception {
        Outcome both = Commands.run("bench", "one-shot", "--no-stand-alone", "--stand-alone-epochs", "2", "--out",
                dir.toString());
        assertEquals(2, both.exitCode());
        assertTrue(both.err().contains("give one of them"), both.err());
        Outcome noTrials = Commands.run("bench", "front", "--trials", "0", "--out", dir.toString());
        assertEquals(2, noTrials.exitCode());
        assertTrue(noTrials.err().contains("--trials must be a positive integer"), noTrials.err());
        Outcome noModel = Commands.run("bench", "nb201", "--strategy", "model", "--model-initial", "0");
        assertEquals(2, noModel.exitCode());
        assertTrue(noModel.err().contains("initial must be in [1, 100000]"), noModel.err());
        Outcome noRule = Commands.run("bench", "nb201", "--strategy", "model", "--acquisition", "pi");
        assertEquals(2, noRule.exitCode());
        assertTrue(noRule.err().contains("--acquisition is ei or ucb"), noRule.err());
        Outcome noTable = Commands.run("bench", "nb201", "--signal", "x");
        assertEquals(2, noTable.exitCode());
        assertTrue(noTable.err().contains("give --table FILE too"), noTable.err());
        Outcome missing = Commands.run("bench", "nb201", "--table", dir.resolve("none.csv").toString(),
                "--signal", "a", "--report", "b");
        assertEquals(2, missing.exitCode());
        assertTrue(missing.err().contains("does not exist"), missing.err());
        Path partial = dir.resolve("partial.csv");
        Files.writeString(partial, "arch_str,v,t,cost_sec\n|none~0|+|none~0|none~1|+|none~0|none~1|none~2|,1,2,3\n");
        Outcome tooSmall = Commands.run("bench", "nb201", "--table", partial.toString(), "--signal", "v",
                "--report", "t");
        assertEquals(2, tooSmall.exitCode());
        assertTrue(tooSmall.err().contains("covers 1 of the 15625 architectures"), tooSmall.err());
        Outcome column = Commands.run("bench", "nb201", "--table", partial.toString(), "--signal", "acc",
                "--report", "t");
        assertEquals(2, column.exitCode());
        assertTrue(column.err().contains("has no column 'acc'"), column.err());
        assertEquals(2, Commands.run("bench", "nb201", "--budget", "-5").exitCode());
        assertEquals(2, Commands.run("bench", "nb201", "--strategy", "bogo").exitCode());
        Outcome noDevice = Commands.run("bench", "nb201", "--max-latency-ms", "5");
        assertEquals(2, noDevice.exitCode());
        assertTrue(noDevice.err().contains("add --latency-device"), noDevice.err());
        Outcome noTarget = Commands.run("bench", "nb201", "--latency-device", "fpga", "--reward", "abs");
        assertEquals(2, noTarget.exitCode());
        assertTrue(noTarget.err().contains("add --target-ms"), noTarget.err());
        Outcome device = Commands.run("bench", "nb201", "--latency-device", "toaster");
        assertEquals(2, device.exitCode());
        assertTrue(device.err().contains("raspi4"), device.err());
    }
}
