package org.nas4j.bench.nb201;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nas4j.bench.BenchmarkTable;
import org.nas4j.bench.BenchmarkTableException;
import org.nas4j.bench.TabularBenchmark;
import org.nas4j.space.Architecture;

class Nb201Test {

    @Test
    void theSpaceIsSixEdgesOfFiveOperations() {
        assertEquals(6, Nb201.space().size());
        assertEquals(java.util.List.of("node1.in0", "node2.in0", "node2.in1", "node3.in0", "node3.in1",
                "node3.in2"), Nb201.space().names());
        assertEquals(15_625, Nb201.space().cardinality().intValue());
    }

    @Test
    void everyRowOfTheShippedTableRoundTripsThroughItsArchitecture() {
        BenchmarkTable results = Nb201.loadResults();
        assertEquals(15_625, results.rows());
        for (int row = 0; row < results.rows(); row++) {
            Architecture architecture = Nb201.fromArchString(results.key(row));
            assertEquals(results.key(row), Nb201.toArchString(architecture));
        }
        Architecture first = Nb201.fromArchString(results.key(0));
        assertEquals("avg_pool_3x3", first.textValue("node1.in0"));
        assertEquals("skip_connect", first.textValue("node3.in2"));
    }

    @Test
    void theShippedTablesHoldTheDocumentedFigures() {
        TabularBenchmark benchmark = Nb201Benchmark.load();
        double[] test = benchmark.table().column(Nb201.TEST);
        int best = 0;
        for (int row = 1; row < test.length; row++) {
            best = test[row] > test[best] ? row : best;
        }
        assertEquals(94.37, test[best], 0.005);
        assertEquals(6111, best, "arch 6111 is the best, as published");
        // Row 0: 12 epochs of 7.2211 s plus 2.5490 s of validation.
        assertEquals(12 * 7.2211 + 2.5490, benchmark.costSeconds(0), 1e-9);
        assertEquals(0, benchmark.row(Nb201.fromArchString(benchmark.table().key(0))));
        assertEquals(15_625, Nb201.loadLatency().rows());
    }

    @Test
    void malformedStringsAreExplained() {
        assertMessage("expected 3 nodes", () -> Nb201.fromArchString("|none~0|"));
        assertMessage("node 2 needs 2 incoming edges", () -> Nb201.fromArchString(
                "|none~0|+|none~0|+|none~0|none~1|none~2|"));
        assertMessage("edge 'conv~0'", () -> Nb201.fromArchString(
                "|conv~0|+|none~0|none~1|+|none~0|none~1|none~2|"));
        assertMessage("edge 'none~1'", () -> Nb201.fromArchString(
                "|none~1|+|none~0|none~1|+|none~0|none~1|none~2|"));
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable action) {
        BenchmarkTableException e = assertThrows(BenchmarkTableException.class, action);
        assertTrue(e.getMessage().contains(expected), () -> "expected '" + expected + "' in: " + e.getMessage());
    }
}
