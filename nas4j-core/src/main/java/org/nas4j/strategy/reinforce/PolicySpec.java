package org.nas4j.strategy.reinforce;

/**
 * Which controller REINFORCE trains: independent logits per decision ({@link FactorizedPolicy}), or an LSTM that
 * sees its earlier choices (Zoph and Le; ENAS), which runs on the PyTorch engine and so needs nas4j-djl.
 */
public sealed interface PolicySpec permits PolicySpec.Factorized, PolicySpec.Lstm {

    /** The default Adam step for this kind of controller. */
    double defaultLearningRate();

    /** Independent logits per decision, gradient written out by hand. */
    record Factorized() implements PolicySpec {
        @Override
        public double defaultLearningRate() {
            return ReinforceSettings.FACTORIZED_LEARNING_RATE;
        }
    }

    /**
     * The LSTM controller.
     *
     * @param hiddenSize   size of the LSTM state and of the choice embeddings (Zoph and Le, ENAS: 64 to 100)
     * @param temperature  the logits are divided by it before the softmax; 1 leaves them as they are (ENAS: 5)
     * @param tanhConstant when positive, logits become {@code tanhConstant * tanh(logits / temperature)}, which
     *                     bounds them and keeps the controller exploring (ENAS: 2.5); 0 turns this off
     */
    record Lstm(int hiddenSize, double temperature, double tanhConstant) implements PolicySpec {
        public static final int DEFAULT_HIDDEN_SIZE = 64;

        public Lstm {
            if (hiddenSize < 1 || hiddenSize > 4096) {
                throw new IllegalArgumentException("hidden_size (of the LSTM) must be in [1, 4096], got " + hiddenSize);
            }
            if (!(temperature > 0) || !Double.isFinite(temperature)) {
                throw new IllegalArgumentException("temperature (of the LSTM's logits) must be a positive number, got "
                        + temperature);
            }
            if (!(tanhConstant >= 0) || !Double.isFinite(tanhConstant)) {
                throw new IllegalArgumentException("tanh (the LSTM's logit bound) must be a non-negative number"
                        + " (0 turns it off), got " + tanhConstant);
            }
        }

        /** Hidden size 64, temperature 1, no tanh bound. */
        public static Lstm defaults() {
            return new Lstm(DEFAULT_HIDDEN_SIZE, 1.0, 0.0);
        }

        @Override
        public double defaultLearningRate() {
            return ReinforceSettings.LSTM_LEARNING_RATE;
        }
    }
}
