package org.nas4j.scale;

import java.util.Objects;
import org.nas4j.djl.model.ModelCost;
import org.nas4j.djl.model.NetworkSpec;
import org.nas4j.djl.model.Scaling;

/**
 * One network of a scaling run: its name (B0 the base, B1..Bn compound, D/W/R single-dimension), how it was made,
 * and the network that makes.
 *
 * @param phi     the compound coefficient, or for a single-dimension member the phi whose FLOPs it matches; 0 for
 *                the base
 * @param network the base with {@code scaling} applied
 */
public record Member(String name, Way way, int phi, Scaling scaling, NetworkSpec network) {

    public Member {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(way, "way");
        Objects.requireNonNull(scaling, "scaling");
        Objects.requireNonNull(network, "network");
        if (phi < 0) {
            throw new IllegalArgumentException("phi must not be negative, got " + phi);
        }
    }

    public ModelCost cost() {
        return ModelCost.of(network);
    }
}
