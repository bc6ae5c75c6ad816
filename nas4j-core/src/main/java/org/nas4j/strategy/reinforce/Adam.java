package org.nas4j.strategy.reinforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.nas4j.strategy.StateJson;

/** Adam with bias correction over a flat parameter vector; its moments are part of the saved state. */
public final class Adam {
    private final AdamSettings settings;
    private final double[] firstMoment;
    private final double[] secondMoment;
    private long steps;

    public Adam(AdamSettings settings, int size) {
        this.settings = settings;
        this.firstMoment = new double[size];
        this.secondMoment = new double[size];
    }

    public AdamSettings settings() {
        return settings;
    }

    /** Moves {@code parameters} one step against {@code gradient}, in place. */
    public void step(double[] parameters, double[] gradient) {
        if (parameters.length != firstMoment.length || gradient.length != firstMoment.length) {
            throw new IllegalArgumentException("Adam was built for " + firstMoment.length + " parameters, got "
                    + parameters.length + " parameters and " + gradient.length + " gradients");
        }
        steps++;
        double b1 = settings.beta1();
        double b2 = settings.beta2();
        double correction1 = 1 - Math.pow(b1, steps);
        double correction2 = 1 - Math.pow(b2, steps);
        for (int i = 0; i < parameters.length; i++) {
            double g = gradient[i];
            firstMoment[i] = b1 * firstMoment[i] + (1 - b1) * g;
            secondMoment[i] = b2 * secondMoment[i] + (1 - b2) * g * g;
            double mHat = firstMoment[i] / correction1;
            double vHat = secondMoment[i] / correction2;
            parameters[i] -= settings.learningRate() * mHat / (Math.sqrt(vHat) + settings.epsilon());
        }
    }

    public ObjectNode saveState() {
        ObjectNode state = StateJson.MAPPER.createObjectNode();
        state.put("steps", steps);
        state.set("m", StateJson.toArray(firstMoment));
        state.set("v", StateJson.toArray(secondMoment));
        return state;
    }

    public void restoreState(JsonNode state) {
        steps = StateJson.requireLong(state, "steps");
        System.arraycopy(StateJson.toDoubles(state.get("m"), firstMoment.length, "Adam first moment"), 0,
                firstMoment, 0, firstMoment.length);
        System.arraycopy(StateJson.toDoubles(state.get("v"), secondMoment.length, "Adam second moment"), 0,
                secondMoment, 0, secondMoment.length);
    }
}
