package org.nas4j.search;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nas4j.study.Curve;

class LossCurveTest {
    @Test
    void eachPointIsTheMeanOfItsStrideAndTheLastStepAlwaysGivesOne() {
        List<Curve.Point> points = new ArrayList<>();
        LossCurve curve = new LossCurve(450, points::add); // a stride of 3 steps
        for (long step = 1; step <= 450; step++) {
            curve.step(step, step);
        }
        assertEquals(150, points.size());
        assertEquals(new Curve.Point(3, 2.0), points.get(0));
        assertEquals(new Curve.Point(450, 449.0), points.get(149));

        List<Curve.Point> uneven = new ArrayList<>();
        LossCurve ragged = new LossCurve(401, uneven::add); // a stride of 3: the last point covers 2 steps
        for (long step = 1; step <= 401; step++) {
            ragged.step(step, 1.0);
        }
        assertEquals(new Curve.Point(401, 1.0), uneven.get(uneven.size() - 1));
        assertEquals(134, uneven.size());
    }

    @Test
    void aResumedTrainingPutsItsPointsOnTheSameSteps() {
        List<Curve.Point> resumed = new ArrayList<>();
        LossCurve curve = new LossCurve(600, resumed::add); // a stride of 3, resumed at step 100
        for (long step = 101; step <= 600; step++) {
            curve.step(step, 0.5);
        }
        assertEquals(102, resumed.get(0).step(), "the partial stride ends where it would have");
        assertEquals(600, resumed.get(resumed.size() - 1).step());
    }
}
