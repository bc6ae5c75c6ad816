package org.nas4j.djl.controller;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nas4j.random.Rng;
import org.nas4j.space.Architecture;
import org.nas4j.space.SearchSpace;
import org.nas4j.strategy.StateJson;
import org.nas4j.strategy.StrategyStateException;
import org.nas4j.strategy.reinforce.Adam;
import org.nas4j.strategy.reinforce.Distributions;
import org.nas4j.strategy.reinforce.Policy;
import org.nas4j.strategy.reinforce.ScoredArchitecture;

/**
 * The recurrent controller of Zoph and Le (2017) and ENAS (Pham et al., 2018): one LSTM cell walks the decisions in
 * order; at decision d its input is the embedding of the option chosen at d - 1 (a learned start vector at d = 0),
 * and a linear head per decision turns its hidden state into logits over d's options. Because the state carries
 * the earlier choices, it can learn distributions that a {@link org.nas4j.strategy.reinforce.FactorizedPolicy}
 * cannot, such as "b equals a".
 *
 * <p>The parameters live in Java as one flat {@code double[]}, which the shared {@link Adam} updates and which is
 * saved exactly. Every forward pass copies them as float32 into a sub-manager of this policy's {@link NDManager},
 * runs on DJL's PyTorch engine (with autograd for updates) and closes the sub-manager, so no native memory
 * accumulates between calls. All randomness comes from {@link Rng}: the same seed gives the same controller.
 */
public final class LstmPolicy implements Policy {
    public static final String KIND = "lstm";
    private static final double INIT_RANGE = 0.1;
    // DJL's PyTorch gradient collector is process-wide: a second one open at the same time throws.
    private static final Object AUTOGRAD = new Object();
    // Positions of the fixed tensors in the layout; heads and embeddings follow (see headWeight and embedding).
    private static final int START = 0;
    private static final int LSTM_WEIGHT = 1;
    private static final int LSTM_BIAS = 2;

    /** One parameter tensor: its name in saved states, shape, and place in the flat vector. */
    private record Tensor(String name, Shape shape, int offset) {
        int size() {
            return Math.toIntExact(shape.size());
        }
    }

    private interface Chooser {
        int choose(int decision, double[] probabilities);
    }

    private final SearchSpace space;
    private final LstmPolicySettings settings;
    private final List<Tensor> tensors = new ArrayList<>();
    private final double[] parameters;
    private float[] engineCopy;
    private final Adam adam;
    private final NDManager manager;

    public LstmPolicy(SearchSpace space, LstmPolicySettings settings, long seed) {
        this.space = space;
        this.settings = settings;
        int h = settings.hiddenSize();
        add("start", 1, h);
        add("lstm.weight", 2 * h, 4 * h); // input and hidden state stacked; gates in PyTorch's order i, f, g, o
        add("lstm.bias", 4 * h);
        for (int d = 0; d < space.size(); d++) {
            add("head." + space.decision(d).name() + ".weight", h, space.decision(d).size());
            add("head." + space.decision(d).name() + ".bias", space.decision(d).size());
        }
        // The last decision's choice is never fed back, so it needs no embedding.
        for (int d = 0; d + 1 < space.size(); d++) {
            add("embedding." + space.decision(d).name(), space.decision(d).size(), h);
        }
        Tensor last = tensors.get(tensors.size() - 1);
        this.parameters = new double[last.offset() + last.size()];
        // A seed derived for this purpose, so that a strategy sampling from the same seed draws other numbers.
        Rng rng = new Rng(Rng.derive(seed, "lstm-policy-init"));
        for (int i = 0; i < parameters.length; i++) {
            parameters[i] = (2 * rng.nextDouble() - 1) * INIT_RANGE;
        }
        // Head biases start at zero, so the first distributions are close to uniform.
        for (int d = 0; d < space.size(); d++) {
            Tensor bias = tensors.get(headBias(d));
            Arrays.fill(parameters, bias.offset(), bias.offset() + bias.size(), 0.0);
        }
        this.adam = new Adam(settings.adam(), parameters.length);
        // The CPU, whatever else there is: the controller is tiny and pulls probabilities back at every step.
        this.manager = NDManager.newBaseManager(Device.cpu());
        refreshEngineCopy();
    }

    private void add(String name, long... shape) {
        int offset = tensors.isEmpty() ? 0 : tensors.get(tensors.size() - 1).offset()
                + tensors.get(tensors.size() - 1).size();
        tensors.add(new Tensor(name, new Shape(shape), offset));
    }

    private static int headWeight(int decision) {
        return 3 + 2 * decision;
    }

    private static int headBias(int decision) {
        return 4 + 2 * decision;
    }

    private int embedding(int decision) {
        return 3 + 2 * space.size() + decision;
    }

    public LstmPolicySettings settings() {
        return settings;
    }

    @Override
    public SearchSpace space() {
        return space;
    }

    @Override
    public Architecture sample(Rng rng) {
        int[] choices = new int[space.size()];
        walk((d, p) -> choices[d] = rng.nextCategorical(p));
        return space.architecture(choices);
    }

    @Override
    public double logProbability(Architecture architecture) {
        try (NDManager m = manager.newSubManager()) {
            return score(m, weights(m.create(engineCopy)), List.of(architecture))[0].toFloatArray()[0];
        }
    }

    @Override
    public List<double[]> distributions(Architecture architecture) {
        return walk((d, p) -> architecture.choice(d));
    }

    @Override
    public List<double[]> choiceProbabilities() {
        return walk((d, p) -> Distributions.argmax(p));
    }

    @Override
    public double loss(List<ScoredArchitecture> batch, double entropyWeight) {
        requireNonEmpty(batch);
        try (NDManager m = manager.newSubManager()) {
            return loss(batch, entropyWeight, score(m, weights(m.create(engineCopy)), architectures(batch)));
        }
    }

    @Override
    public double update(List<ScoredArchitecture> batch, double entropyWeight) {
        double[] gradient = new double[parameters.length];
        double before = backward(batch, entropyWeight, gradient);
        adam.step(parameters, gradient);
        refreshEngineCopy();
        return before;
    }

    /** The gradient of {@link #loss} with respect to {@link #parameters()}, by autograd. */
    double[] gradient(List<ScoredArchitecture> batch, double entropyWeight) {
        double[] gradient = new double[parameters.length];
        backward(batch, entropyWeight, gradient);
        return gradient;
    }

    /** Fills {@code gradient} and returns the loss at the current parameters. */
    private double backward(List<ScoredArchitecture> batch, double entropyWeight, double[] gradient) {
        requireNonEmpty(batch);
        float[] advantages = new float[batch.size()];
        for (int i = 0; i < advantages.length; i++) {
            advantages[i] = (float) batch.get(i).advantage();
        }
        synchronized (AUTOGRAD) {
            try (NDManager m = manager.newSubManager()) {
                NDArray flat = m.create(engineCopy);
                flat.setRequiresGradient(true);
                double loss;
                try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
                    NDArray[] scores = score(m, weights(flat), architectures(batch));
                    NDArray policyLoss = scores[0].mul(m.create(advantages)).sum().neg();
                    NDArray entropyBonus = scores[1].sum().mul(scalar(m, entropyWeight));
                    collector.backward(policyLoss.sub(entropyBonus).mul(scalar(m, 1.0 / batch.size())));
                    loss = loss(batch, entropyWeight, scores);
                }
                // The gradient of a fresh leaf: nothing accumulated from earlier calls.
                float[] g = flat.getGradient().toFloatArray();
                for (int i = 0; i < g.length; i++) {
                    gradient[i] = g[i];
                }
                return loss;
            }
        }
    }

    /** The loss from the per-architecture log-probabilities and entropies, in double precision. */
    private static double loss(List<ScoredArchitecture> batch, double entropyWeight, NDArray[] scores) {
        float[] logP = scores[0].toFloatArray();
        float[] entropy = scores[1].toFloatArray();
        double policyLoss = 0;
        double totalEntropy = 0;
        for (int i = 0; i < logP.length; i++) {
            policyLoss -= logP[i] * batch.get(i).advantage();
            totalEntropy += entropy[i];
        }
        return policyLoss / batch.size() - entropyWeight * (totalEntropy / batch.size());
    }

    /** The tensors of the layout as views of one flat array, so autograd gives one flat gradient. */
    private NDArray[] weights(NDArray flat) {
        NDArray[] w = new NDArray[tensors.size()];
        for (int t = 0; t < w.length; t++) {
            Tensor tensor = tensors.get(t);
            w[t] = flat.get("{}:{}", tensor.offset(), tensor.offset() + tensor.size()).reshape(tensor.shape());
        }
        return w;
    }

    /** One LSTM step and head: updates the state {h, c} and returns log-probabilities over d's options. */
    private NDArray step(NDManager m, NDArray[] w, int d, NDArray input, NDArray[] state) {
        NDList gates = input.concat(state[0], 1).matMul(w[LSTM_WEIGHT]).add(w[LSTM_BIAS]).split(4, 1);
        NDArray candidate = gates.get(2).tanh();
        state[1] = Activation.sigmoid(gates.get(1)).mul(state[1]).add(Activation.sigmoid(gates.get(0)).mul(candidate));
        state[0] = Activation.sigmoid(gates.get(3)).mul(state[1].tanh());
        NDArray logits = state[0].matMul(w[headWeight(d)]).add(w[headBias(d)]);
        if (settings.temperature() != 1.0) {
            logits = logits.mul(scalar(m, 1.0 / settings.temperature()));
        }
        if (settings.tanhConstant() > 0) {
            logits = logits.tanh().mul(scalar(m, settings.tanhConstant()));
        }
        return logits.logSoftmax(1);
    }

    /** Runs the batch through the controller, each along its own choices: {log p(a_i), H(a_i)} as two [B] arrays. */
    private NDArray[] score(NDManager m, NDArray[] w, List<Architecture> batch) {
        int b = batch.size();
        NDArray[] state = {m.zeros(new Shape(b, settings.hiddenSize())), m.zeros(new Shape(b, settings.hiddenSize()))};
        NDArray input = w[START].broadcast(b, settings.hiddenSize());
        NDArray logP = m.zeros(new Shape(b));
        NDArray entropy = m.zeros(new Shape(b));
        for (int d = 0; d < space.size(); d++) {
            NDArray logProbabilities = step(m, w, d, input, state);
            int[] chosen = new int[b];
            for (int i = 0; i < b; i++) {
                chosen[i] = batch.get(i).choice(d);
            }
            NDArray oneHot = oneHot(m, chosen, space.decision(d).size());
            logP = logP.add(logProbabilities.mul(oneHot).sum(new int[] {1}));
            entropy = entropy.sub(logProbabilities.exp().mul(logProbabilities).sum(new int[] {1}));
            if (d + 1 < space.size()) {
                input = oneHot.matMul(w[embedding(d)]);
            }
        }
        return new NDArray[] {logP, entropy};
    }

    /** Walks the decisions one at a time, the chooser picking each option; returns the distributions used. */
    private List<double[]> walk(Chooser chooser) {
        List<double[]> distributions = new ArrayList<>(space.size());
        try (NDManager m = manager.newSubManager()) {
            NDArray[] w = weights(m.create(engineCopy));
            Shape stateShape = new Shape(1, settings.hiddenSize());
            NDArray[] state = {m.zeros(stateShape), m.zeros(stateShape)};
            NDArray input = w[START].broadcast(1, settings.hiddenSize());
            for (int d = 0; d < space.size(); d++) {
                float[] logProbabilities = step(m, w, d, input, state).toFloatArray();
                double[] p = new double[logProbabilities.length];
                for (int k = 0; k < p.length; k++) {
                    p[k] = Math.exp(logProbabilities[k]);
                }
                distributions.add(p);
                int choice = chooser.choose(d, p);
                if (d + 1 < space.size()) {
                    input = oneHot(m, new int[] {choice}, p.length).matMul(w[embedding(d)]);
                }
            }
        }
        return distributions;
    }

    /**
     * A scalar that lives until {@code m} closes. Never use DJL's {@code mul(Number)}, {@code div(Number)} and the
     * like on a path autograd will differentiate: on the PyTorch engine they wrap the number in a tensor over a
     * Java buffer and close it at once, while the autograd graph still reads it during backward; once the buffer is
     * collected the gradient is garbage (seen as random NaN gradients).
     */
    private static NDArray scalar(NDManager m, double value) {
        return m.create((float) value);
    }

    private static NDArray oneHot(NDManager m, int[] chosen, int options) {
        float[] values = new float[chosen.length * options];
        for (int i = 0; i < chosen.length; i++) {
            values[i * options + chosen[i]] = 1f;
        }
        return m.create(values, new Shape(chosen.length, options));
    }

    /** A copy of all parameters, in layout order. */
    double[] parameters() {
        return parameters.clone();
    }

    /** Replaces all parameters (for gradient checks). */
    void setParameters(double[] values) {
        if (values.length != parameters.length) {
            throw new IllegalArgumentException("expected " + parameters.length + " parameters, got " + values.length);
        }
        System.arraycopy(values, 0, parameters, 0, parameters.length);
        refreshEngineCopy();
    }

    /** Where a named tensor starts in {@link #parameters()}. */
    int offsetOf(String tensorName) {
        return tensors.stream().filter(t -> t.name().equals(tensorName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no tensor '" + tensorName + "'")).offset();
    }

    /** The manager that owns this policy's native memory (for leak checks). */
    NDManager manager() {
        return manager;
    }

    @Override
    public ObjectNode saveState() {
        ObjectNode state = StateJson.newState(KIND);
        state.put("hiddenSize", settings.hiddenSize());
        ObjectNode saved = state.putObject("parameters");
        for (Tensor tensor : tensors) {
            saved.set(tensor.name(), StateJson.toArray(
                    Arrays.copyOfRange(parameters, tensor.offset(), tensor.offset() + tensor.size())));
        }
        state.set("adam", adam.saveState());
        return state;
    }

    @Override
    public void restoreState(JsonNode state) {
        StateJson.expect(state, KIND);
        if (state.path("hiddenSize").asInt() != settings.hiddenSize()) {
            throw new StrategyStateException("saved LSTM controller has hidden size " + state.path("hiddenSize")
                    + ", not " + settings.hiddenSize() + ": resume with the settings the study started with");
        }
        double[] restored = new double[parameters.length];
        for (Tensor tensor : tensors) {
            double[] values = StateJson.toDoubles(state.path("parameters").get(tensor.name()), tensor.size(),
                    "LSTM controller tensor '" + tensor.name() + "'");
            System.arraycopy(values, 0, restored, tensor.offset(), values.length);
        }
        adam.restoreState(state.get("adam"));
        System.arraycopy(restored, 0, parameters, 0, parameters.length);
        refreshEngineCopy();
    }

    @Override
    public void close() {
        manager.close();
    }

    private void refreshEngineCopy() {
        float[] copy = new float[parameters.length];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = (float) parameters[i];
        }
        engineCopy = copy;
    }

    private static List<Architecture> architectures(List<ScoredArchitecture> batch) {
        return batch.stream().map(ScoredArchitecture::architecture).toList();
    }


    private static void requireNonEmpty(List<ScoredArchitecture> batch) {
        if (batch.isEmpty()) {
            throw new IllegalArgumentException("a policy update needs at least one scored architecture");
        }
    }
}
