package org.nas4j.strategy.reinforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.nas4j.random.Rng;
import org.nas4j.space.Architecture;
import org.nas4j.space.SearchSpace;

/**
 * A learned distribution over the architectures of a space: the controller of REINFORCE.
 *
 * <p>It is trained on the REINFORCE loss over a batch of sampled architectures a_i with advantages A_i,
 * <pre>  loss = mean_i( -log p(a_i) * A_i ) - entropyWeight * mean_i H(a_i)</pre>
 * where H(a_i) is the summed entropy of the distributions the policy used at each decision of a_i.
 */
public interface Policy extends AutoCloseable {

    SearchSpace space();

    /** Draws one architecture, decision by decision. */
    Architecture sample(Rng rng);

    /** log p(architecture) under the current parameters. */
    double logProbability(Architecture architecture);

    /** The distribution over options at each decision, given the choices of {@code architecture} before it. */
    List<double[]> distributions(Architecture architecture);

    /** The distribution at each decision along the policy's most likely architecture (for plots and reports). */
    List<double[]> choiceProbabilities();

    /** The loss above for this batch, without changing the parameters. */
    double loss(List<ScoredArchitecture> batch, double entropyWeight);

    /** One optimizer step on the loss above; returns the loss before the step. */
    double update(List<ScoredArchitecture> batch, double entropyWeight);

    /** Parameters and optimizer state, exactly. */
    ObjectNode saveState();

    void restoreState(JsonNode state);

    @Override
    default void close() {
    }
}
