package org.nas4j.eval;

import org.nas4j.space.Architecture;
import org.nas4j.space.SearchSpace;

/**
 * Scores one architecture: a simulated reward, a table lookup, or training on real data. An exception or a
 * non-finite result makes the trial FAILED; the study goes on.
 */
public interface Evaluator {

    /** The space whose architectures this evaluator understands. */
    SearchSpace space();

    Metrics evaluate(Architecture architecture, TrialContext context) throws Exception;
}
