package org.nas4j.strategy.reinforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.nas4j.random.Rng;
import org.nas4j.space.Architecture;
import org.nas4j.space.SearchSpace;
import org.nas4j.strategy.StateJson;

/**
 * Independent logits per decision, softmax sampling, and the REINFORCE gradient written out by hand:
 * for decision d with probabilities p, chosen option a and advantage A,
 * <pre>  d(-log p_a * A)/d z_k = -A * (1[k = a] - p_k)      d(-H)/d z_k = p_k * (log p_k + H)</pre>
 * Starts from zero logits (the uniform distribution) and learns with {@link Adam}.
 */
public final class FactorizedPolicy implements Policy {
    public static final String KIND = "factorized";

    private final SearchSpace space;
    private final int[] offsets;
    private final double[] logits;
    private final Adam adam;

    public FactorizedPolicy(SearchSpace space, AdamSettings adam) {
        this.space = space;
        this.offsets = new int[space.size() + 1];
        for (int d = 0; d < space.size(); d++) {
            offsets[d + 1] = offsets[d] + space.decision(d).size();
        }
        this.logits = new double[offsets[space.size()]];
        this.adam = new Adam(adam, logits.length);
    }

    @Override
    public SearchSpace space() {
        return space;
    }

    /** The current logits of one decision (a copy). */
    public double[] logits(int decision) {
        double[] copy = new double[offsets[decision + 1] - offsets[decision]];
        System.arraycopy(logits, offsets[decision], copy, 0, copy.length);
        return copy;
    }

    /** Sets the logits of one decision, e.g. to start from a prior. */
    public void setLogits(int decision, double... values) {
        if (values.length != offsets[decision + 1] - offsets[decision]) {
            throw new IllegalArgumentException("decision '" + space.decision(decision).name() + "' has "
                    + (offsets[decision + 1] - offsets[decision]) + " options, got " + values.length + " logits");
        }
        System.arraycopy(values, 0, logits, offsets[decision], values.length);
    }

    public double[] probabilities(int decision) {
        return Distributions.softmax(logits, offsets[decision], offsets[decision + 1]);
    }

    @Override
    public Architecture sample(Rng rng) {
        int[] choices = new int[space.size()];
        for (int d = 0; d < choices.length; d++) {
            choices[d] = rng.nextCategorical(probabilities(d));
        }
        return space.architecture(choices);
    }

    @Override
    public double logProbability(Architecture architecture) {
        double total = 0;
        for (int d = 0; d < space.size(); d++) {
            total += Math.log(probabilities(d)[architecture.choice(d)]);
        }
        return total;
    }

    @Override
    public List<double[]> distributions(Architecture architecture) {
        return choiceProbabilities();
    }

    @Override
    public List<double[]> choiceProbabilities() {
        List<double[]> result = new ArrayList<>(space.size());
        for (int d = 0; d < space.size(); d++) {
            result.add(probabilities(d));
        }
        return result;
    }

    @Override
    public double loss(List<ScoredArchitecture> batch, double entropyWeight) {
        requireNonEmpty(batch);
        double policyLoss = 0;
        for (ScoredArchitecture scored : batch) {
            policyLoss -= logProbability(scored.architecture()) * scored.advantage();
        }
        return policyLoss / batch.size() - entropyWeight * entropy();
    }

    /** The gradient of {@link #loss} with respect to all logits, decision after decision. */
    double[] gradient(List<ScoredArchitecture> batch, double entropyWeight) {
        requireNonEmpty(batch);
        double[] gradient = new double[logits.length];
        for (int d = 0; d < space.size(); d++) {
            double[] p = probabilities(d);
            int offset = offsets[d];
            for (ScoredArchitecture scored : batch) {
                double scale = -scored.advantage() / batch.size();
                int chosen = scored.architecture().choice(d);
                for (int k = 0; k < p.length; k++) {
                    gradient[offset + k] += scale * ((k == chosen ? 1.0 : 0.0) - p[k]);
                }
            }
            if (entropyWeight != 0) {
                double h = Distributions.entropy(p);
                for (int k = 0; k < p.length; k++) {
                    double logP = p[k] > 0 ? Math.log(p[k]) : 0.0;
                    gradient[offset + k] += entropyWeight * p[k] * (logP + h);
                }
            }
        }
        return gradient;
    }

    @Override
    public double update(List<ScoredArchitecture> batch, double entropyWeight) {
        double before = loss(batch, entropyWeight);
        adam.step(logits, gradient(batch, entropyWeight));
        return before;
    }

    /** The summed entropy of all decisions' distributions, in nats. */
    public double entropy() {
        double total = 0;
        for (int d = 0; d < space.size(); d++) {
            total += Distributions.entropy(probabilities(d));
        }
        return total;
    }

    @Override
    public ObjectNode saveState() {
        ObjectNode state = StateJson.newState(KIND);
        state.set("logits", StateJson.toArray(logits));
        state.set("adam", adam.saveState());
        return state;
    }

    @Override
    public void restoreState(JsonNode state) {
        StateJson.expect(state, KIND);
        double[] saved = StateJson.toDoubles(state.get("logits"), logits.length, "logits");
        System.arraycopy(saved, 0, logits, 0, logits.length);
        adam.restoreState(state.get("adam"));
    }

    private static void requireNonEmpty(List<ScoredArchitecture> batch) {
        if (batch.isEmpty()) {
            throw new IllegalArgumentException("a policy update needs at least one scored architecture");
        }
    }
}
