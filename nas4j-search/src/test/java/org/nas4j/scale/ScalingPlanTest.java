package org.nas4j.scale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nas4j.data.ImageShape;
import org.nas4j.djl.model.ModelCost;
import org.nas4j.djl.model.NetworkSettings;
import org.nas4j.djl.model.NetworkSpec;
import org.nas4j.djl.model.Scaling;
import org.nas4j.space.SearchSpace;

/** The members of a scaling run: names, multipliers, and single-dimension members at the compound members' FLOPs. */
class ScalingPlanTest {
    /** The hand-designed baseline of examples/fashion-mnist.yaml: conv 3x3, 2 layers a stage, 32, 64, 128. */
    static final NetworkSpec BASELINE = baseline();

    static NetworkSpec baseline() {
        SearchSpace.Builder space = SearchSpace.builder();
        for (int s = 1; s <= 3; s++) {
            space.decision("stage" + s + ".block", "conv").decision("stage" + s + ".kernel", 3)
                    .decision("stage" + s + ".expansion", 1).decision("stage" + s + ".se", 0)
                    .decision("stage" + s + ".layers", 2).decision("stage" + s + ".filters", 16 << s)
                    .decision("stage" + s + ".skip", "none");
        }
        return NetworkSpec.of(space.build().architecture(new int[21]),
                NetworkSettings.of(ImageShape.grayscale(28, 28), 10));
    }

    @Test
    void membersAreTheBaseCompoundByPhiThenEachSingleDimensionAtTheirFlops() {
        List<Member> members = ScalingPlan.members(BASELINE, Coefficients.EFFICIENTNET, List.of(1, 2, 3), true,
                List.of(1, 2));
        assertEquals(List.of("B0", "B1", "B2", "B3", "D1", "W1", "R1", "D2", "W2", "R2"),
                members.stream().map(Member::name).toList(), "EfficientNet's own coefficients are not added twice");
        assertEquals(BASELINE, members.get(0).network());
        assertEquals(Coefficients.EFFICIENTNET.at(2), members.get(2).scaling());
        for (Member m : members.subList(4, members.size())) {
            Scaling s = m.scaling();
            int grown = (s.depth() > 1 ? 1 : 0) + (s.width() > 1 ? 1 : 0) + (s.resolution() > 1 ? 1 : 0);
            assertEquals(1, grown, m.name() + " grows one dimension only: " + s);
        }
    }

    @Test
    void otherCoefficientsBringEfficientNetsBesideThem() {
        List<Member> members = ScalingPlan.members(BASELINE, new Coefficients(1.4, 1.1, 1.1), List.of(1), true,
                List.of());
        assertEquals(List.of("B0", "B1", "E1"), members.stream().map(Member::name).toList());
        assertEquals(Way.EFFICIENTNET, members.get(2).way());
    }

    @Test
    void aSingleDimensionMemberHasTheFlopsClosestToItsCompoundMembersOfAllItsMultipliers() {
        long target = ModelCost.of(Coefficients.EFFICIENTNET.at(1).apply(BASELINE)).flops();
        Member width = ScalingPlan.matched(BASELINE, Way.WIDTH, 1, target, w -> new Scaling(1, w, 1));
        double best = Math.abs(Math.log((double) width.cost().flops() / target));
        for (double w = 1; w <= 3; w += 0.01) {
            long flops = ModelCost.of(new Scaling(1, w, 1).apply(BASELINE)).flops();
            assertTrue(Math.abs(Math.log((double) flops / target)) >= best - 1e-12, "w " + w + " is closer");
        }
        assertEquals("W1", width.name());
        Member resolution = ScalingPlan.matched(BASELINE, Way.RESOLUTION, 1, target, r -> new Scaling(1, 1, r));
        assertTrue(Math.abs((double) resolution.cost().flops() / target - 1) < 0.15,
                "sizes step by a pixel: " + resolution.cost().flops() + " against " + target);
    }

    @Test
    void singleDimensionPhisMustBeAmongThoseScaled() {
        ScalingException e = assertThrows(ScalingException.class, () -> ScalingPlan.members(BASELINE,
                Coefficients.EFFICIENTNET, List.of(1), false, List.of(2)));
        assertTrue(e.getMessage().contains("phi 2"), e.getMessage());
    }
}
