package org.nas4j.charts;

import java.awt.Color;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * One named series of a {@link LineChart}: x and y values of equal length, drawn in the given order, and how to draw
 * them.
 *
 * <p>The arrays are copied on the way in and on the way out, so a chart cannot change after it was built. A record
 * compares array components by identity, so {@code equals}, {@code hashCode} and {@code toString} are overridden to
 * use the contents.
 *
 * @param name   the legend text; not blank
 * @param xs     x values, finite, at least one
 * @param ys     y values, finite, as many as {@code xs}
 * @param kind   how the points are drawn
 * @param colour the colour, or null for the next one of the chart's {@link Palette}
 */
public record Series(String name, double[] xs, double[] ys, Kind kind, Color colour) {

    /** How a series is drawn. */
    public enum Kind {
        /** Straight lines between the points. */
        LINE,
        /** Straight lines, with a dot on each point. */
        MARKED_LINE,
        /** Horizontal until the next point's x, then up or down to it: a running best, a Pareto staircase. */
        STEP,
        /** A dot on each point and no line, as for trials. */
        POINTS,
        /** A hollow ring around each point, to single out points drawn by another series. */
        RINGS
    }

    public Series {
        Objects.requireNonNull(name, "series name");
        Objects.requireNonNull(xs, () -> "series '" + name + "': xs");
        Objects.requireNonNull(ys, () -> "series '" + name + "': ys");
        Objects.requireNonNull(kind, () -> "series '" + name + "': kind");
        if (name.isBlank()) {
            throw new IllegalArgumentException("series name must not be blank");
        }
        if (xs.length != ys.length) {
            throw new IllegalArgumentException("series '" + name + "': xs has " + xs.length + " values but ys has "
                    + ys.length + "; they must be of equal length");
        }
        if (xs.length == 0) {
            throw new IllegalArgumentException("series '" + name + "' has no points; leave it out of the chart or "
                    + "give it at least one");
        }
        xs = xs.clone();
        ys = ys.clone();
        // Checked here rather than at render time so the error points at the code that made the bad value.
        requireFinite(name, "xs", xs);
        requireFinite(name, "ys", ys);
    }

    /** A line in the next palette colour. */
    public Series(String name, double[] xs, double[] ys) {
        this(name, xs, ys, Kind.LINE, null);
    }

    public static Series line(String name, double[] xs, double[] ys) {
        return new Series(name, xs, ys, Kind.LINE, null);
    }

    public static Series markedLine(String name, double[] xs, double[] ys) {
        return new Series(name, xs, ys, Kind.MARKED_LINE, null);
    }

    public static Series step(String name, double[] xs, double[] ys) {
        return new Series(name, xs, ys, Kind.STEP, null);
    }

    public static Series points(String name, double[] xs, double[] ys) {
        return new Series(name, xs, ys, Kind.POINTS, null);
    }

    public static Series rings(String name, double[] xs, double[] ys) {
        return new Series(name, xs, ys, Kind.RINGS, null);
    }

    /** This series in the given colour instead of the palette's next one. */
    public Series withColour(Color colour) {
        return new Series(name, xs, ys, kind, Objects.requireNonNull(colour, "colour"));
    }

    private static void requireFinite(String name, String which, double[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException("series '" + name + "': " + which + "[" + i + "] is " + values[i]
                        + "; all values must be finite");
            }
        }
    }

    /** A copy of the x values. */
    @Override
    public double[] xs() {
        return xs.clone();
    }

    /** A copy of the y values. */
    @Override
    public double[] ys() {
        return ys.clone();
    }

    /** The number of points. */
    public int size() {
        return xs.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Series s && name.equals(s.name) && Arrays.equals(xs, s.xs) && Arrays.equals(ys, s.ys)
                && kind == s.kind && Objects.equals(colour, s.colour);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, Arrays.hashCode(xs), Arrays.hashCode(ys), kind, colour);
    }

    @Override
    public String toString() {
        return "Series[name=" + name + ", xs=" + Arrays.toString(xs) + ", ys=" + Arrays.toString(ys) + ", kind="
                + kind + (colour == null ? "" : ", colour=#" + String.format(Locale.ROOT, "%06X", colour.getRGB() & 0xFFFFFF))
                + "]";
    }
}
