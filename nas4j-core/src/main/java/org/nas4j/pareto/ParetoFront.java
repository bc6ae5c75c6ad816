package org.nas4j.pareto;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** The accuracy-latency trade-off: the points no other point beats on both, and the area they dominate. */
public final class ParetoFront {

    private ParetoFront() {
    }

    /**
     * The non-dominated points (higher accuracy, lower latency), ordered by latency; of points equal on both, the
     * first given is kept.
     */
    public static List<ParetoPoint> of(Collection<ParetoPoint> points) {
        List<ParetoPoint> sorted = new ArrayList<>(points);
        // Fastest first; among equally fast, the most accurate first (a stable sort keeps the first of equals).
        sorted.sort(Comparator.comparingDouble(ParetoPoint::latencyMs)
                .thenComparing(Comparator.comparingDouble(ParetoPoint::accuracy).reversed()));
        List<ParetoPoint> front = new ArrayList<>();
        double bestAccuracy = Double.NEGATIVE_INFINITY;
        for (ParetoPoint point : sorted) {
            if (point.accuracy() > bestAccuracy) {
                front.add(point);
                bestAccuracy = point.accuracy();
            }
        }
        return front;
    }

    /**
     * The area of the plane that the front dominates, bounded by a reference point (an accuracy no better and a
     * latency no better than any point of interest). Points outside the reference box add nothing.
     */
    public static double hypervolume(Collection<ParetoPoint> points, double referenceAccuracy,
                                     double referenceLatencyMs) {
        double area = 0;
        double accuracyBelow = referenceAccuracy;
        for (ParetoPoint point : of(points)) {
            if (point.latencyMs() >= referenceLatencyMs || point.accuracy() <= accuracyBelow) {
                continue;
            }
            area += (point.accuracy() - accuracyBelow) * (referenceLatencyMs - point.latencyMs());
            accuracyBelow = point.accuracy();
        }
        return area;
    }
}
