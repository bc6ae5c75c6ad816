package org.nas4j.scale;

import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import org.nas4j.djl.profile.LatencySettings;
import org.nas4j.djl.train.TrainingSettings;

/**
 * What a scaling run does.
 *
 * @param phis               the compound coefficients to scale to (B1, B2, ...), each a positive whole number
 * @param coefficients       given, or picked by a grid search
 * @param efficientNet       also scale with EfficientNet's coefficients (E1, E2, ...), to compare with the chosen
 * @param singlePhis         the phis whose FLOPs the depth-, width- and resolution-only members match; a subset of
 *                           {@code phis}, maybe empty
 * @param seeds              how many seeds every member trains with (the same seeds for every member)
 * @param recipe             how every member trains, its epochs included
 * @param latency            how latency is measured (batch size, warm-up, runs), each member timed in turn with B0
 * @param validationFraction the share of the training images the grid's candidates are judged on
 * @param seed               from which the training seeds and the grid's validation split are derived
 */
public record ScalingSettings(List<Integer> phis, CoefficientChoice coefficients, boolean efficientNet,
                              List<Integer> singlePhis, int seeds, TrainingSettings recipe, LatencySettings latency,
                              double validationFraction, long seed) {
    /** The largest phi: at about twice the FLOPs per step, phi 8 is some 256 times the base. */
    public static final int MAX_PHI = 8;

    public ScalingSettings {
        Objects.requireNonNull(coefficients, "coefficients");
        Objects.requireNonNull(recipe, "recipe");
        Objects.requireNonNull(latency, "latency");
        checkPhis(phis, singlePhis);
        phis = sortedPhis(phis, "phi");
        singlePhis = sortedPhis(singlePhis, "single-dimension phi");
        if (seeds < 1) {
            throw new ScalingException("every member needs at least one seed, got " + seeds);
        }
        if (!(validationFraction > 0 && validationFraction < 1)) {
            throw new ScalingException("the validation fraction must be between 0 and 1, got "
                    + validationFraction);
        }
    }

    /**
     * Checks the phis to scale to and those the single-dimension members match (a subset of them), as the
     * constructor does: a command can check them before it loads any image.
     */
    public static void checkPhis(List<Integer> phis, List<Integer> singlePhis) {
        sortedPhis(phis, "phi");
        sortedPhis(singlePhis, "single-dimension phi");
        if (phis.isEmpty()) {
            throw new ScalingException("give at least one phi to scale to, such as --phi 1,2,3");
        }
        if (!phis.containsAll(singlePhis)) {
            throw new ScalingException("single-dimension scalings match the FLOPs of compound members: every phi "
                    + "of them must be among the phis scaled " + List.copyOf(new TreeSet<>(phis)) + ", got "
                    + singlePhis);
        }
    }

    private static List<Integer> sortedPhis(List<Integer> given, String what) {
        Objects.requireNonNull(given, what);
        for (int phi : given) {
            if (phi < 1 || phi > MAX_PHI) {
                throw new ScalingException(what + " must be a whole number from 1 to " + MAX_PHI
                        + " (phi 0 is the base itself, B0, always trained), got " + phi);
            }
        }
        return List.copyOf(new TreeSet<>(given));
    }
}
