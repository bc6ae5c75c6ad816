package org.nas4j.strategy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import org.nas4j.space.Architecture;
import org.nas4j.space.SearchSpace;

/**
 * A search strategy in ask/tell form: whoever runs trials asks for the next architecture, evaluates it however it
 * likes (in this thread, another process, another machine) and tells the strategy the reward. Several asks may be
 * outstanding at once.
 *
 * <p>Life cycle: construct with a space and a seed; then any sequence of {@link #ask()} and {@link #tell}; at any
 * point {@link #saveState()} captures everything the strategy knows (including its random generator), and
 * {@link #restoreState} on a freshly constructed strategy of the same kind and settings continues exactly as the
 * saved one would have. {@link #close()} frees native resources, if any.
 */
public interface Strategy extends AutoCloseable {

    SearchSpace space();

    /** The next architecture to evaluate. */
    Architecture ask();

    /** The reward of an architecture this strategy proposed; higher is better. */
    void tell(Architecture architecture, double reward);

    /** The architecture could not be evaluated (it crashed or diverged). */
    default void tellFailed(Architecture architecture) {
    }

    /**
     * The architecture broke a hard limit and was rejected unevaluated; {@code excess} is measured value / limit
     * (above 1). By default the same as a failure.
     */
    default void tellRejected(Architecture architecture, double excess) {
        tellFailed(architecture);
    }

    /** Everything needed to continue exactly from here, as JSON. */
    ObjectNode saveState();

    /** Continues from a state written by {@link #saveState()} of a strategy with the same settings. */
    void restoreState(JsonNode state);

    /**
     * For learned strategies, the probability of each option of each decision as the strategy now sees it (for an
     * autoregressive controller, along its most likely architecture); empty for strategies without a distribution.
     */
    default Optional<List<double[]>> choiceProbabilities() {
        return Optional.empty();
    }

    @Override
    default void close() {
    }
}
