package org.nas4j.bench.nb201;

import org.nas4j.bench.TabularBenchmark;
import org.nas4j.eval.Evaluator;
import org.nas4j.search.StudyException;
import org.nas4j.search.TabularEvaluators;
import org.nas4j.search.TabularSettings;
import org.nas4j.space.SearchSpace;

/**
 * The shipped NAS-Bench-201 CIFAR-10 table for studies ({@code evaluator: tabular}, {@code benchmark: nb201}): each
 * candidate's validation accuracy after 12 epochs, as a fraction, at the protocol's simulated cost.
 */
public final class Nb201Tabular implements TabularEvaluators {
    /** The table, read once per process: every study and worker in it shares it. */
    private static TabularBenchmark table;

    @Override
    public String benchmark() {
        return "nb201";
    }

    @Override
    public Evaluator evaluator(SearchSpace space, TabularSettings settings) {
        if (!space.equals(Nb201.space())) {
            throw new StudyException("tabular.benchmark nb201 answers for the NAS-Bench-201 cell space only: six "
                    + "decisions node1.in0, node2.in0, node2.in1, node3.in0, node3.in1, node3.in2, each with the "
                    + "options " + Nb201.OPS + " (examples/nb201-workers.yaml has it)");
        }
        return loaded().evaluator(Nb201.SIGNAL, 0.01);
    }

    private static synchronized TabularBenchmark loaded() {
        if (table == null) {
            table = Nb201Benchmark.load();
        }
        return table;
    }
}
