package org.nas4j.search;

import java.util.List;
import java.util.ServiceLoader;
import org.nas4j.eval.Evaluator;
import org.nas4j.eval.Metrics;
import org.nas4j.eval.TrialContext;
import org.nas4j.space.Architecture;
import org.nas4j.space.SearchSpace;

/**
 * Makes evaluators that look candidates up in a benchmark table. Tables ship in other modules (nas4j-bench has
 * NAS-Bench-201), which register a provider in {@code META-INF/services/org.nas4j.search.TabularEvaluators}.
 */
public interface TabularEvaluators {
    /** The name configs give this table in {@code tabular.benchmark}. */
    String benchmark();

    /**
     * An evaluator of {@code space} on this table; a space the table does not cover is an {@link StudyException}
     * that says which space it answers for.
     */
    Evaluator evaluator(SearchSpace space, TabularSettings settings);

    /**
     * The evaluator of {@code settings}: the table's provider's, sleeping {@code sleep} real seconds per simulated
     * second of each query, interrupted sleep ending the query as a failure.
     */
    static Evaluator of(SearchSpace space, TabularSettings settings) {
        Evaluator table = find(settings.benchmark()).evaluator(space, settings);
        if (settings.sleepPerSecond() == 0) {
            return table;
        }
        return new Evaluator() {
            @Override
            public SearchSpace space() {
                return table.space();
            }

            @Override
            public Metrics evaluate(Architecture architecture, TrialContext context) throws Exception {
                Metrics metrics = table.evaluate(architecture, context);
                Thread.sleep(Math.round(metrics.costSeconds() * settings.sleepPerSecond() * 1000));
                return metrics;
            }
        };
    }

    /** The provider of this table on the class path; none is an error that lists the tables there are. */
    static TabularEvaluators find(String benchmark) {
        List<TabularEvaluators> found = ServiceLoader.load(TabularEvaluators.class).stream()
                .map(ServiceLoader.Provider::get).toList();
        return found.stream().filter(p -> p.benchmark().equals(benchmark)).findFirst().orElseThrow(() ->
                new StudyException("tabular.benchmark: no table named '" + benchmark + "' is on the class path; "
                        + (found.isEmpty() ? "none is (nas4j-bench ships nb201)"
                        : "the tables are " + found.stream().map(TabularEvaluators::benchmark).toList())));
    }
}
