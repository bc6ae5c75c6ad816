package org.nas4j.strategy.reinforce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class AdamTest {

    @Test
    void minimizesAQuadratic() {
        Adam adam = new Adam(AdamSettings.withLearningRate(0.05), 2);
        double[] x = {3.0, -2.0};
        for (int i = 0; i < 2000; i++) {
            adam.step(x, new double[] {2 * (x[0] - 1), 2 * (x[1] + 0.5)});
        }
        assertEquals(1.0, x[0], 1e-3);
        assertEquals(-0.5, x[1], 1e-3);
    }

    @Test
    void settingsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> AdamSettings.withLearningRate(0));
        assertThrows(IllegalArgumentException.class, () -> AdamSettings.withLearningRate(-0.1));
        assertThrows(IllegalArgumentException.class, () -> new AdamSettings(0.1, 1.0, 0.999, 1e-8));
        Adam adam = new Adam(AdamSettings.withLearningRate(0.1), 2);
        assertThrows(IllegalArgumentException.class, () -> adam.step(new double[3], new double[3]));
    }
}
