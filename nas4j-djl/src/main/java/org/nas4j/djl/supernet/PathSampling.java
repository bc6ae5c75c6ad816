package org.nas4j.djl.supernet;

/** Which paths a supernet training step runs; their gradients are summed into one update. */
public enum PathSampling {
    /** One path drawn uniformly (single-path one-shot). */
    UNIFORM("uniform"),
    /**
     * FairNAS's strict fairness: as many paths as the largest decision has options, each decision's options
     * dealt across them from shuffled decks, so every option is dealt in every step (equally often where its
     * decision's option count divides the number of paths; the rest rotates at random between steps). An option
     * dealt to a path where its decision does not apply (an expansion to a conv block, a skip to one layer) is
     * dropped with the decision, so conditional options are trained less than strictly fairly.
     */
    FAIR("fair"),
    /** The sandwich rule (BigNAS): the largest and the smallest path and some random ones every step. */
    SANDWICH("sandwich"),
    /**
     * ENAS: the path of each step is drawn from a REINFORCE controller, and every {@code controller_every} steps
     * the controller learns for {@code controller_steps} steps, rewarded by its paths' accuracy on validation
     * batches with the shared weights: controller and weights are trained in turn.
     */
    ENAS("enas");

    private final String text;

    PathSampling(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }

    public static PathSampling fromText(String text) {
        for (PathSampling sampling : values()) {
            if (sampling.text.equals(text)) {
                return sampling;
            }
        }
        throw new IllegalArgumentException("must be uniform, fair, sandwich or enas, got '" + text + "'");
    }

    @Override
    public String toString() {
        return text;
    }
}
