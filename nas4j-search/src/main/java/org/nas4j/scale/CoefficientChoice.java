package org.nas4j.scale;

import java.util.Objects;

/** Where a scaling run's compound coefficients come from: given, or picked by a grid search at phi = 1. */
public sealed interface CoefficientChoice permits CoefficientChoice.Given, CoefficientChoice.Grid {

    /** These coefficients (EfficientNet's by default). */
    record Given(Coefficients coefficients) implements CoefficientChoice {
        public Given {
            Objects.requireNonNull(coefficients, "coefficients");
        }
    }

    /**
     * Every point of {@link Coefficients#grid(double)} whose FLOPs factor is within 10% of 2, each network at
     * phi = 1 trained for {@code epochs} on the training images less a validation split and judged on it; the most
     * accurate point is kept. Points that give the same network (layers and channels round) train once.
     */
    record Grid(double step, int epochs) implements CoefficientChoice {
        public Grid {
            Coefficients.grid(step); // checks the step, and that the grid has a point
            if (epochs < 1) {
                throw new ScalingException("the grid's candidates need at least one epoch of training, got "
                        + epochs);
            }
        }
    }
}
