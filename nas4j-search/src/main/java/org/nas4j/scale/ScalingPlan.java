package org.nas4j.scale;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleFunction;
import org.nas4j.djl.model.ModelCost;
import org.nas4j.djl.model.NetworkSpec;
import org.nas4j.djl.model.Scaling;

/**
 * The members a scaling run trains, from the base: B0 (the base itself), compound scaling at each phi with the
 * chosen coefficients (B1..Bn) and, when asked, with EfficientNet's beside them (E1..En), and the three
 * single-dimension scalings (depth, width or resolution alone) at the FLOPs of the compound member of each phi
 * asked for (D1, W1, R1, ...), so that the four ways are compared at equal compute.
 */
public final class ScalingPlan {
    /** The largest single-dimension multiplier tried when matching FLOPs: 16 times the FLOPs of the base or more. */
    static final double MOST = 16;
    /** Multipliers are tried in steps of this; depth, width and size round to whole numbers anyway. */
    static final double STEP = 0.001;

    private ScalingPlan() {
    }

    /**
     * The members, in the order they are trained: B0, then by phi the compound members, then the single-dimension
     * ones.
     *
     * @param efficientNet whether to add compound members with EfficientNet's coefficients (left out when the
     *                     chosen coefficients are EfficientNet's)
     * @param singlePhis   the phis whose FLOPs the single-dimension members match; each must be among
     *                     {@code phis}
     */
    public static List<Member> members(NetworkSpec base, Coefficients coefficients, List<Integer> phis,
                                       boolean efficientNet, List<Integer> singlePhis) {
        List<Member> members = new ArrayList<>();
        members.add(new Member(Way.BASE.memberName(0), Way.BASE, 0, Scaling.NONE, base));
        List<Member> compound = new ArrayList<>();
        for (int phi : phis) {
            Scaling scaling = coefficients.at(phi);
            compound.add(new Member(Way.COMPOUND.memberName(phi), Way.COMPOUND, phi, scaling, scaling.apply(base)));
        }
        members.addAll(compound);
        if (efficientNet && !coefficients.equals(Coefficients.EFFICIENTNET)) {
            for (int phi : phis) {
                Scaling scaling = Coefficients.EFFICIENTNET.at(phi);
                members.add(new Member(Way.EFFICIENTNET.memberName(phi), Way.EFFICIENTNET, phi, scaling,
                        scaling.apply(base)));
            }
        }
        for (int phi : singlePhis) {
            Member target = compound.stream().filter(m -> m.phi() == phi).findFirst().orElseThrow(() ->
                    new ScalingException("single-dimension scalings match the FLOPs of a compound member: phi "
                            + phi + " is not among the phis scaled, " + phis));
            long flops = target.cost().flops();
            members.add(matched(base, Way.DEPTH, phi, flops, d -> new Scaling(d, 1, 1)));
            members.add(matched(base, Way.WIDTH, phi, flops, w -> new Scaling(1, w, 1)));
            members.add(matched(base, Way.RESOLUTION, phi, flops, r -> new Scaling(1, 1, r)));
        }
        return List.copyOf(members);
    }

    /**
     * The single-dimension member whose FLOPs come closest to {@code flops} (in ratio; of equals, the smallest
     * multiplier). Depth moves in whole layers, so its FLOPs may land well off the target: its row says by how much.
     */
    static Member matched(NetworkSpec base, Way way, int phi, long flops, DoubleFunction<Scaling> scalingOf) {
        Scaling best = Scaling.NONE;
        double bestDistance = distance(ModelCost.of(base).flops(), flops);
        NetworkSpec bestNetwork = base;
        NetworkSpec previous = base;
        for (int i = 1; 1 + i * STEP <= MOST; i++) {
            Scaling scaling = scalingOf.apply(Math.round((1 + i * STEP) * 1e6) / 1e6);
            NetworkSpec network = scaling.apply(base);
            if (network.equals(previous)) {
                continue; // the same network as a smaller multiplier gave: keep the smaller
            }
            previous = network;
            long grown = ModelCost.of(network).flops();
            double d = distance(grown, flops);
            if (d < bestDistance) {
                best = scaling;
                bestDistance = d;
                bestNetwork = network;
            }
            if (grown > 2 * flops) {
                break; // FLOPs only grow with the multiplier
            }
        }
        return new Member(way.memberName(phi), way, phi, best, bestNetwork);
    }

    private static double distance(long a, long b) {
        return Math.abs(Math.log((double) a / b));
    }
}
