package org.nas4j.bench.nb201;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.nas4j.bench.BenchmarkTable;
import org.nas4j.bench.BenchmarkTableException;
import org.nas4j.space.Architecture;
import org.nas4j.space.SearchSpace;

/**
 * NAS-Bench-201 (Dong and Yang, ICLR 2020) on CIFAR-10: the cell space and its shipped result tables.
 *
 * <p>A cell is a DAG of 4 nodes; each of its 6 edges i -> j (i < j) carries one of 5 operations. As a
 * {@link SearchSpace} that is 6 decisions named {@code node<j>.in<i>}, in the benchmark's order: the edges into
 * node 1, then node 2, then node 3. The benchmark's string lists the same edges:
 * {@code |op~0|+|op~0|op~1|+|op~0|op~1|op~2|}.
 */
public final class Nb201 {
    public static final List<String> OPS = List.of("none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3",
            "avg_pool_3x3");
    public static final int ARCHITECTURES = 15_625;

    /** Validation accuracy (%) after 12 epochs on the 25k train half: the only signal a search may see. */
    public static final String SIGNAL = "c10v_valid_12ep";
    /** Test accuracy (%) after 200 epochs on all 50k training images: the number results are reported in. */
    public static final String TEST = "c10_test_200ep";
    public static final String VALID_200 = "c10v_valid_200ep";
    public static final String TRAIN_SECONDS_PER_EPOCH = "c10v_train_sec_per_epoch";
    public static final String VALID_EVAL_SECONDS = "c10v_valid_eval_sec";
    public static final String PARAMS_M = "params_c10_M";
    public static final String FLOPS_M = "flops_c10_M";
    public static final String KEY = "arch_str";
    public static final List<String> LATENCY_DEVICES = List.of("raspi4", "pixel3", "eyeriss", "fpga", "gold_6240",
            "titanxp_1");

    private static final String RESULTS_RESOURCE = "nb201-cifar10.csv.gz";
    private static final String LATENCY_RESOURCE = "nb201-latency-ms.csv.gz";
    private static final SearchSpace SPACE = buildSpace();

    private Nb201() {
    }

    /** The cell space: {@code node1.in0, node2.in0, node2.in1, node3.in0, node3.in1, node3.in2}, 5 ops each. */
    public static SearchSpace space() {
        return SPACE;
    }

    private static SearchSpace buildSpace() {
        SearchSpace.Builder builder = SearchSpace.builder();
        for (int node = 1; node <= 3; node++) {
            for (int from = 0; from < node; from++) {
                builder.decision("node" + node + ".in" + from, OPS.toArray());
            }
        }
        return builder.build();
    }

    /** The benchmark's string of an architecture of {@link #space()}. */
    public static String toArchString(Architecture architecture) {
        StringBuilder text = new StringBuilder();
        int decision = 0;
        for (int node = 1; node <= 3; node++) {
            text.append(node == 1 ? "|" : "+|");
            for (int from = 0; from < node; from++) {
                text.append(OPS.get(architecture.choice(decision++))).append('~').append(from).append('|');
            }
        }
        return text.toString();
    }

    /** Parses the benchmark's string; an error says what part is wrong. */
    public static Architecture fromArchString(String text) {
        String[] nodes = text.strip().split("\\+", -1);
        if (nodes.length != 3) {
            throw new BenchmarkTableException("'" + text + "' is not a NAS-Bench-201 cell: expected 3 nodes "
                    + "separated by '+', like |nor_conv_3x3~0|+|none~0|skip_connect~1|+|...~0|...~1|...~2|");
        }
        List<Integer> choices = new ArrayList<>(6);
        for (int node = 1; node <= 3; node++) {
            String part = nodes[node - 1];
            if (!part.startsWith("|") || !part.endsWith("|")) {
                throw new BenchmarkTableException("'" + text + "': node " + node + " '" + part
                        + "' must start and end with '|'");
            }
            String[] edges = part.substring(1, part.length() - 1).split("\\|", -1);
            if (edges.length != node) {
                throw new BenchmarkTableException("'" + text + "': node " + node + " needs " + node
                        + " incoming edges, got " + edges.length);
            }
            for (int from = 0; from < node; from++) {
                String[] opAndSource = edges[from].split("~", -1);
                int op = OPS.indexOf(opAndSource[0]);
                if (opAndSource.length != 2 || op < 0 || !opAndSource[1].equals(Integer.toString(from))) {
                    throw new BenchmarkTableException("'" + text + "': edge '" + edges[from] + "' should be "
                            + "<op>~" + from + " with op one of " + OPS);
                }
                choices.add(op);
            }
        }
        return new Architecture(SPACE, choices);
    }

    /** A number in [0, 15625) unique to each architecture of {@link #space()} (its choices in base 5). */
    public static int code(Architecture architecture) {
        int code = 0;
        for (int d = 0; d < architecture.choices().size(); d++) {
            code = code * OPS.size() + architecture.choice(d);
        }
        return code;
    }

    /** The shipped CIFAR-10 results table (15,625 rows), checked. */
    public static BenchmarkTable loadResults() {
        return loadResource(RESULTS_RESOURCE, KEY, Set.of(SIGNAL, TEST, VALID_200, TRAIN_SECONDS_PER_EPOCH,
                VALID_EVAL_SECONDS, PARAMS_M, FLOPS_M));
    }

    /** The shipped latency table (milliseconds per device, by {@code arch_index}), checked. */
    public static BenchmarkTable loadLatency() {
        return loadResource(LATENCY_RESOURCE, "arch_index", Set.copyOf(LATENCY_DEVICES));
    }

    private static BenchmarkTable loadResource(String name, String key, Set<String> required) {
        try (InputStream in = Nb201.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new BenchmarkTableException("the NAS-Bench-201 table " + name + " is missing from the nas4j "
                        + "jar; rebuild nas4j (mvn package)");
            }
            return BenchmarkTable.read(in, name, key, required).requireRows(ARCHITECTURES);
        } catch (IOException e) {
            throw new BenchmarkTableException("cannot read the NAS-Bench-201 table " + name + ": " + e.getMessage(),
                    e);
        }
    }
}
