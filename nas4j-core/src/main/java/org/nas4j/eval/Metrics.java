package org.nas4j.eval;

/**
 * What evaluating one architecture measured.
 *
 * @param accuracy    the search signal, in [0, 1] for classification accuracy (a toy's simulated reward otherwise)
 * @param costSeconds what the evaluation cost, real or simulated, for budgets
 * @param latencyMs   inference latency in milliseconds; NaN when not measured
 * @param parameters  trainable parameters; -1 when unknown
 * @param flops       multiply-adds of one inference on one input; -1 when unknown
 * @param method      how the accuracy was obtained: the architecture trained on its own, or scored with a
 *                    supernet's shared weights
 */
public record Metrics(double accuracy, double costSeconds, double latencyMs, long parameters, long flops,
                      Method method) {

    /** How an evaluation obtained its accuracy; its text is what files and reports show. */
    public enum Method {
        /** Trained from scratch on its own (or simulated, or looked up, as a toy or a benchmark table gives it). */
        TRAINED("trained"),
        /** Scored with the shared weights of a trained supernet, without training of its own. */
        ONE_SHOT("one-shot");

        private final String text;

        Method(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }

        public static Method fromText(String text) {
            for (Method method : values()) {
                if (method.text.equals(text)) {
                    return method;
                }
            }
            throw new IllegalArgumentException("an evaluation method is trained or one-shot, got '" + text + "'");
        }
    }

    public Metrics {
        java.util.Objects.requireNonNull(method, "method");
        if (Double.isNaN(accuracy)) {
            throw new IllegalArgumentException("accuracy is NaN");
        }
        if (!(costSeconds >= 0)) {
            throw new IllegalArgumentException("cost must be non-negative seconds, got " + costSeconds);
        }
        if (latencyMs < 0 || Double.isInfinite(latencyMs)) {
            throw new IllegalArgumentException("latency must be a non-negative number of ms, got " + latencyMs);
        }
        if (parameters < -1 || flops < -1) {
            throw new IllegalArgumentException("parameters and FLOPs must be counts (-1: unknown), got " + parameters
                    + " and " + flops);
        }
    }

    /** Measured by training the architecture. */
    public Metrics(double accuracy, double costSeconds, double latencyMs, long parameters, long flops) {
        this(accuracy, costSeconds, latencyMs, parameters, flops, Method.TRAINED);
    }

    /** Accuracy, cost and latency; sizes unknown. */
    public Metrics(double accuracy, double costSeconds, double latencyMs) {
        this(accuracy, costSeconds, latencyMs, -1, -1);
    }

    /** Accuracy and cost, nothing else measured. */
    public Metrics(double accuracy, double costSeconds) {
        this(accuracy, costSeconds, Double.NaN, -1, -1);
    }

    public static Metrics ofAccuracy(double accuracy) {
        return new Metrics(accuracy, 0.0);
    }

    public boolean isOneShot() {
        return method == Method.ONE_SHOT;
    }

    public boolean hasLatency() {
        return !Double.isNaN(latencyMs);
    }
}
