package org.nas4j.scale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nas4j.djl.model.Scaling;

/** Compound coefficients: phi raises each, the grid keeps only points near twice the FLOPs, bad input is refused. */
class CoefficientsTest {

    @Test
    void phiRaisesEachCoefficient() {
        Scaling two = Coefficients.EFFICIENTNET.at(2);
        assertEquals(1.44, two.depth(), 1e-12);
        assertEquals(1.21, two.width(), 1e-12);
        assertEquals(1.3225, two.resolution(), 1e-12);
        assertEquals(1.2 * 1.1 * 1.1 * 1.15 * 1.15, Coefficients.EFFICIENTNET.flopsFactor(), 1e-12);
    }

    @Test
    void theGridHoldsEveryPointWithinTenPercentOfTwiceTheFlopsAndNoOther() {
        List<Coefficients> grid = Coefficients.grid(0.1);
        assertFalse(grid.isEmpty());
        for (Coefficients point : grid) {
            assertTrue(point.flopsFactor() >= 1.8 - 1e-9 && point.flopsFactor() <= 2.2 + 1e-9, point.toString());
        }
        assertTrue(grid.contains(new Coefficients(1.2, 1.1, 1.2)), "1.2 x 1.21 x 1.44 = 2.09");
        assertTrue(grid.contains(new Coefficients(2.0, 1.0, 1.0)), "depth alone");
        assertTrue(grid.contains(new Coefficients(1.0, 1.4, 1.0)), "width alone: 1.96");
        assertFalse(grid.contains(new Coefficients(1.0, 1.0, 1.3)), "1.69 is too little");
        // Every point of the 0.1 grid is counted: a brute-force count over the same lattice agrees.
        int count = 0;
        for (int a = 0; a <= 12; a++) {
            for (int b = 0; b <= 12; b++) {
                for (int g = 0; g <= 12; g++) {
                    double f = (1 + a / 10.0) * Math.pow(1 + b / 10.0, 2) * Math.pow(1 + g / 10.0, 2);
                    if (f >= 1.8 - 1e-9 && f <= 2.2 + 1e-9) {
                        count++;
                    }
                }
            }
        }
        assertEquals(count, grid.size());
    }

    @Test
    void badCoefficientsPhiAndStepsAreRefusedWithWhatToGive() {
        ScalingException small = assertThrows(ScalingException.class, () -> new Coefficients(0.9, 1.1, 1.1));
        assertTrue(small.getMessage().contains("at least 1"), small.getMessage());
        ScalingException phi = assertThrows(ScalingException.class, () -> Coefficients.EFFICIENTNET.at(0));
        assertTrue(phi.getMessage().contains("positive"), phi.getMessage());
        assertThrows(ScalingException.class, () -> Coefficients.EFFICIENTNET.at(-1));
        ScalingException step = assertThrows(ScalingException.class, () -> Coefficients.grid(0));
        assertTrue(step.getMessage().contains("from 0.01 to 1"), step.getMessage());
        // A step of 0.5 has the points 1, 1.5, 2 in each: none of their products lies within 10% of 2 except 2 x 1 x 1.
        assertEquals(List.of(new Coefficients(2, 1, 1)), Coefficients.grid(0.5));
        // 0.7: 1.7 alone is too little, 1.7 squared too much.
        ScalingException none = assertThrows(ScalingException.class, () -> Coefficients.grid(0.7));
        assertTrue(none.getMessage().contains("no point"), none.getMessage());
    }
}
