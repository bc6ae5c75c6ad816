package org.nas4j.scale;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import org.nas4j.stats.Summary;

/**
 * What a scaling run measured: the coefficients it scaled with (and the grid that picked them), and a row per member.
 */
public record ScalingResult(Coefficients coefficients, List<GridPoint> grid, List<Row> rows) {

    public ScalingResult {
        grid = List.copyOf(grid);
        rows = List.copyOf(rows);
    }

    /**
     * One network of the grid at phi = 1: the points that give it (several when layers and channels round alike),
     * its scaling and FLOPs, and its validation accuracy (NaN when its training failed).
     */
    public record GridPoint(List<Coefficients> points, long flops, double validationAccuracy, double seconds) {
        public GridPoint {
            points = List.copyOf(points);
        }

        /** The network's multipliers: its first point's at phi = 1 (the others round to the same network). */
        public org.nas4j.djl.model.Scaling scaling() {
            return points.get(0).at(1);
        }
    }

    /**
     * One member trained with one seed: its test accuracy, its latency and B0's, timed in turn, and where the model
     * was saved; a failed training has NaN measurements and its reason.
     */
    public record Trained(long seed, double testAccuracy, double latencyMs, double baseLatencyMs, double seconds,
                          Optional<Path> model, Optional<String> error) {
        public static Trained failed(long seed, String error) {
            return new Trained(seed, Double.NaN, Double.NaN, Double.NaN, 0, Optional.empty(), Optional.of(error));
        }

        public boolean ok() {
            return error.isEmpty();
        }
    }

    /** A member and what its seeds measured. */
    public record Row(Member member, List<Trained> seeds) {
        public Row {
            seeds = List.copyOf(seeds);
        }

        public long parameters() {
            return member.cost().parameters();
        }

        public long flops() {
            return member.cost().flops();
        }

        /** The median over the seeds of the member's latency, timed in turn with B0 (ms). */
        public double latencyMs() {
            return summary(Trained::latencyMs).map(Summary::median).orElse(Double.NaN);
        }

        /** The median over the seeds of the member's latency divided by B0's, timed in turn with it. */
        public double latencyRatio() {
            return summary(t -> t.latencyMs() / t.baseLatencyMs()).map(Summary::median).orElse(Double.NaN);
        }

        private Optional<Summary> summary(ToDoubleFunction<Trained> value) {
            double[] values = seeds.stream().filter(Trained::ok).mapToDouble(value).filter(Double::isFinite)
                    .toArray();
            return values.length == 0 ? Optional.empty() : Optional.of(Summary.of(values));
        }
    }
}
