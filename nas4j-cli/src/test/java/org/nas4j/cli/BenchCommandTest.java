package org.nas4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.bench.BenchmarkTable;
import org.nas4j.bench.nb201.Nb201;
import org.nas4j.cli.CommandLineTest.Outcome;

class BenchCommandTest {

    private static JsonNode json(Outcome outcome) throws Exception {
        assertEquals(0, outcome.exitCode(), outcome.err());
        return new ObjectMapper().readTree(outcome.out().strip());
    }

    @Test
    void jsonSummaryHasOneRowPerStrategy() throws Exception {
        JsonNode result = json(CommandLineTest.run("bench", "nb201", "--strategy", "evolution", "--runs", "20",
                "--json"));
        assertEquals(94.3733, result.get("optimal_test").asDouble(), 1e-9);
        JsonNode row = result.get("results").get(0);
        assertEquals("evolution", row.get("strategy").asText());
        assertEquals(20, row.get("runs").asInt());
        for (String field : List.of("queries_mean", "test_mean", "test_std", "valid_mean", "valid_std")) {
            assertTrue(row.get(field).isNumber(), field);
        }
        assertTrue(row.get("test_mean").asDouble() > 93 && row.get("test_mean").asDouble() < 94.38);
        assertEquals(result, json(CommandLineTest.run("bench", "nb201", "--strategy", "evolution", "--runs", "20",
                "--json", "--threads", "1")), "same seeds, same results on one thread");
    }

    @Test
    void writesCurvesAndChosenArchitectures(@TempDir Path dir) throws Exception {
        Outcome outcome = CommandLineTest.run("bench", "nb201", "--strategy", "random", "--runs", "4", "--out",
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
        JsonNode result = json(CommandLineTest.run("bench", "nb201", "--table", table.toString(), "--signal",
                "my_valid", "--report", "my_test", "--strategy", "random", "--runs", "3", "--budget", "5000",
                "--json"));
        JsonNode row = result.get("results").get(0);
        assertEquals(50.0, row.get("queries_mean").asDouble());
        assertFalse(row.has("valid_mean"), "a user's table has no fixed validation column");
        assertEquals(94.3733, result.get("optimal_test").asDouble(), 1e-9);
    }

    @Test
    void badInputExitsWith2(@TempDir Path dir) throws Exception {
        Outcome noTable = CommandLineTest.run("bench", "nb201", "--signal", "x");
        assertEquals(2, noTable.exitCode());
        assertTrue(noTable.err().contains("give --table FILE too"), noTable.err());
        Outcome missing = CommandLineTest.run("bench", "nb201", "--table", dir.resolve("none.csv").toString(),
                "--signal", "a", "--report", "b");
        assertEquals(2, missing.exitCode());
        assertTrue(missing.err().contains("does not exist"), missing.err());
        Path partial = dir.resolve("partial.csv");
        Files.writeString(partial, "arch_str,v,t,cost_sec\n|none~0|+|none~0|none~1|+|none~0|none~1|none~2|,1,2,3\n");
        Outcome tooSmall = CommandLineTest.run("bench", "nb201", "--table", partial.toString(), "--signal", "v",
                "--report", "t");
        assertEquals(2, tooSmall.exitCode());
        assertTrue(tooSmall.err().contains("covers 1 of the 15625 architectures"), tooSmall.err());
        Outcome column = CommandLineTest.run("bench", "nb201", "--table", partial.toString(), "--signal", "acc",
                "--report", "t");
        assertEquals(2, column.exitCode());
        assertTrue(column.err().contains("has no column 'acc'"), column.err());
        assertEquals(2, CommandLineTest.run("bench", "nb201", "--budget", "-5").exitCode());
        assertEquals(2, CommandLineTest.run("bench", "nb201", "--strategy", "bogo").exitCode());
    }
}
