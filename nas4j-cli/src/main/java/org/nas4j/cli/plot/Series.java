package org.nas4j.cli.plot;

import java.util.Arrays;
import java.util.Objects;

/**
 * One named line of a {@link LineChart}: x and y values of equal length, drawn in the given order.
 *
 * <p>The arrays are copied on the way in and on the way out, so a chart cannot change after it was built. A record
 * compares array components by identity, so {@code equals}, {@code hashCode} and {@code toString} are overridden to
 * use the contents.
 *
 * @param name the legend text; not blank
 * @param xs   x values, finite, at least one
 * @param ys   y values, finite, as many as {@code xs}
 */
public record Series(String name, double[] xs, double[] ys) {

    public Series {
        Objects.requireNonNull(name, "series name");
        Objects.requireNonNull(xs, () -> "series '" + name + "': xs");
        Objects.requireNonNull(ys, () -> "series '" + name + "': ys");
        if (name.isBlank()) {
            throw new IllegalArgumentException("series name must not be blank");
        }
        if (xs.length != ys.length) {
            throw new IllegalArgumentException("series '" + name + "': xs has " + xs.length + " values but ys has "
                    + ys.length + "; they must be of equal length");
        }
        if (xs.length == 0) {
            throw new IllegalArgumentException("series '" + name + "' has no points");
        }
        xs = xs.clone();
        ys = ys.clone();
        // Checked here rather than at render time so the error points at the code that made the bad value.
        requireFinite(name, "xs", xs);
        requireFinite(name, "ys", ys);
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
        return o instanceof Series s && name.equals(s.name) && Arrays.equals(xs, s.xs) && Arrays.equals(ys, s.ys);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, Arrays.hashCode(xs), Arrays.hashCode(ys));
    }

    @Override
    public String toString() {
        return "Series[name=" + name + ", xs=" + Arrays.toString(xs) + ", ys=" + Arrays.toString(ys) + "]";
    }
}
