package org.nas4j.scale;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.nas4j.djl.model.Scaling;

/**
 * EfficientNet's compound coefficients: one step of phi makes a network {@code alpha} times deeper, {@code beta}
 * times wider and {@code gamma} times larger in input, so that {@code Scaling at(phi)} is
 * {@code (alpha^phi, beta^phi, gamma^phi)}. Multiply-adds grow about {@code alpha x beta^2 x gamma^2} per step
 * (linearly with depth, with the square of width and of resolution), which EfficientNet holds near 2.
 */
public record Coefficients(double alpha, double beta, double gamma) {
    /** The coefficients EfficientNet's grid search found for B0 at phi = 1 (FLOPs factor 1.92). */
    public static final Coefficients EFFICIENTNET = new Coefficients(1.2, 1.1, 1.15);
    /** The FLOPs factor per step of phi that compound scaling aims at. */
    public static final double TARGET_FLOPS_FACTOR = 2.0;
    /** How far from the target a grid point's factor may be: within 10%. */
    public static final double FLOPS_TOLERANCE = 0.1;

    public Coefficients {
        if (!(alpha >= 1) || !(beta >= 1) || !(gamma >= 1) || Double.isInfinite(alpha) || Double.isInfinite(beta)
                || Double.isInfinite(gamma)) {
            throw new ScalingException("alpha, beta and gamma must be numbers of at least 1 (a network is scaled "
                    + "up, never down), got " + alpha + ", " + beta + ", " + gamma);
        }
    }

    /** The multipliers at {@code phi}: depth alpha^phi, width beta^phi, resolution gamma^phi. */
    public Scaling at(double phi) {
        if (!(phi > 0) || Double.isInfinite(phi)) {
            throw new ScalingException("phi must be a positive number (1 doubles the FLOPs about once), got " + phi);
        }
        return new Scaling(Math.pow(alpha, phi), Math.pow(beta, phi), Math.pow(gamma, phi));
    }

    /** {@code alpha x beta^2 x gamma^2}: how many times the multiply-adds grow per step of phi, before rounding. */
    public double flopsFactor() {
        return alpha * beta * beta * gamma * gamma;
    }

    /**
     * Every point of the grid {@code 1, 1 + step, 1 + 2 step, ...} in each coefficient whose FLOPs factor is within
     * 10% of 2, in order of alpha, then beta, then gamma. At least one coefficient is then above 1.
     */
    public static List<Coefficients> grid(double step) {
        if (!(step >= 0.01 && step <= 1)) {
            throw new ScalingException("the grid step must be from 0.01 to 1, got " + step);
        }
        double low = TARGET_FLOPS_FACTOR * (1 - FLOPS_TOLERANCE);
        double high = TARGET_FLOPS_FACTOR * (1 + FLOPS_TOLERANCE);
        List<Coefficients> points = new ArrayList<>();
        // Whole steps, counted as integers so that 1 + 3 x 0.1 is 1.3 and not 1.3000000000000003.
        int most = (int) Math.floor((high - 1) / step + 1e-9);
        for (int a = 0; a <= most; a++) {
            for (int b = 0; b <= most; b++) {
                for (int g = 0; g <= most; g++) {
                    Coefficients point = new Coefficients(round(1 + a * step), round(1 + b * step),
                            round(1 + g * step));
                    double factor = point.flopsFactor();
                    if (factor >= low - 1e-12 && factor <= high + 1e-12) {
                        points.add(point);
                    }
                }
            }
        }
        if (points.isEmpty()) {
            throw new ScalingException("no point of a grid with step " + step + " has alpha x beta^2 x gamma^2 "
                    + "within 10% of 2: use a finer step, such as 0.1");
        }
        return List.copyOf(points);
    }

    private static double round(double value) {
        return Math.round(value * 1e6) / 1e6;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "alpha %s, beta %s, gamma %s", trim(alpha), trim(beta), trim(gamma));
    }

    static String trim(double value) {
        return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
