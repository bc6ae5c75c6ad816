package org.nas4j.cli.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineChartTest {

    /** y = f(x) sampled at x = 0..n-1. */
    private static Series curve(String name, int n, DoubleUnaryOperator f) {
        double[] xs = new double[n];
        double[] ys = new double[n];
        for (int i = 0; i < n; i++) {
            xs[i] = i;
            ys[i] = f.applyAsDouble(i);
        }
        return new Series(name, xs, ys);
    }

    private static LineChart threeCurves(int width, int height) {
        return LineChart.builder()
                .title("Validation accuracy")
                .xLabel("epoch")
                .yLabel("accuracy")
                .size(width, height)
                .add(curve("random", 50, x -> 0.50 + 0.30 * (1 - Math.exp(-x / 10.0))))
                .add(curve("evolution", 50, x -> 0.45 + 0.40 * (1 - Math.exp(-x / 15.0))))
                .add(curve("bayesian", 50, x -> 0.40 + 0.45 * (1 - Math.exp(-x / 8.0))))
                .build();
    }

    /** Pixels within a small distance of c in every channel (antialiasing blends the edges of a line). */
    private static int pixelsOf(BufferedImage img, Color c) {
        int count = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y);
                if (Math.abs(((rgb >> 16) & 0xff) - c.getRed()) <= 12
                        && Math.abs(((rgb >> 8) & 0xff) - c.getGreen()) <= 12
                        && Math.abs((rgb & 0xff) - c.getBlue()) <= 12) {
                    count++;
                }
            }
        }
        return count;
    }

    @Test
    void writesAReadablePngOfTheRequestedSizeWithEverySeriesColour(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("plots/nested/accuracy.png");
        threeCurves(640, 400).writePng(file);

        assertTrue(Files.size(file) > 0);
        BufferedImage img = ImageIO.read(file.toFile());
        assertNotNull(img, "ImageIO could not decode the PNG");
        assertEquals(640, img.getWidth());
        assertEquals(400, img.getHeight());
        assertEquals(Color.WHITE.getRGB(), img.getRGB(0, 0), "background should be white");
        for (int i = 0; i < 3; i++) {
            // A legend sample alone is ~60 pixels; a drawn curve across the plot is many hundreds.
            int n = pixelsOf(img, LineChart.colorFor(i));
            assertTrue(n > 300, "series " + i + " colour " + LineChart.colorFor(i) + " drawn on only " + n + " pixels");
        }
    }

    @Test
    void seriesColoursAreDistinct() {
        for (int i = 0; i < 7; i++) {
            for (int j = i + 1; j < 7; j++) {
                assertNotEquals(LineChart.colorFor(i), LineChart.colorFor(j));
            }
        }
    }

    @Test
    void rendersTheDefaultSize() {
        BufferedImage img = LineChart.builder().add(curve("a", 3, x -> x)).build().render();
        assertEquals(LineChart.DEFAULT_WIDTH, img.getWidth());
        assertEquals(LineChart.DEFAULT_HEIGHT, img.getHeight());
    }

    @Test
    void rendersASinglePointAndAConstantSeries() {
        BufferedImage single = LineChart.builder()
                .add(new Series("only", new double[] {3}, new double[] {0.7}))
                .build()
                .render();
        assertTrue(pixelsOf(single, LineChart.colorFor(0)) > 20, "the single point should be drawn");

        LineChart constant = LineChart.builder().add(curve("flat", 10, x -> 0)).build();
        LineChart.Layout l = constant.layout();
        assertTrue(l.y().lo() < 0 && l.y().hi() > 0, "a zero y range must be widened around the value");
        assertTrue(pixelsOf(constant.render(), LineChart.colorFor(0)) > 300);
    }

    @Test
    void rendersManySeriesWithAShortenedLegend() {
        LineChart.Builder b = LineChart.builder().size(400, 240);
        for (int i = 0; i < 30; i++) {
            int k = i;
            b.add(curve("trial " + i, 20, x -> k + Math.sin(x / 3.0)));
        }
        LineChart chart = b.build();
        LineChart.Layout l = chart.layout();
        assertTrue(l.samples() < 30);
        assertEquals("+" + (30 - l.samples()) + " more", l.legendText().get(l.legendText().size() - 1));
        assertTrue(l.plot().contains(l.legend()), "legend must stay inside the plot area");
        assertEquals(400, chart.render().getWidth());
    }

    @Test
    void legendGoesWhereThereIsLessData() {
        // A falling curve leaves the top-right corner empty, a rising one the bottom-right.
        LineChart.Layout falling = LineChart.builder().add(curve("loss", 40, x -> Math.exp(-x / 5))).build().layout();
        LineChart.Layout rising = LineChart.builder().add(curve("acc", 40, x -> 1 - Math.exp(-x / 5))).build().layout();
        Rectangle plot = falling.plot();
        assertTrue(falling.legend().getCenterY() < plot.getCenterY(), "a falling curve should get the legend on top");
        assertTrue(rising.legend().getCenterY() > plot.getCenterY(), "a rising curve should get it at the bottom");
        assertTrue(falling.legend().getMaxX() > plot.getCenterX());
    }

    @Test
    void fixedYRangeIsUsedAndDataOutsideItIsClipped() {
        LineChart chart = LineChart.builder()
                .yRange(0, 1)
                .add(new Series("wild", new double[] {0, 1, 2}, new double[] {-1e9, 0.5, 1e9}))
                .build();
        LineChart.Layout l = chart.layout();
        assertEquals(0, l.y().lo());
        assertEquals(1, l.y().hi());
        assertNotNull(chart.render());
    }

    @Test
    void niceTicksUseOneTwoFiveSteps() {
        LineChart.Ticks unit = LineChart.niceTicks(0, 1, 5);
        assertEquals(0.2, unit.step(), 1e-15);
        assertArrayEquals(new double[] {0, 0.2, 0.4, 0.6, 0.8, 1.0}, unit.values(), 0);
        assertEquals(List.of("0.0", "0.2", "0.4", "0.6", "0.8", "1.0"),
                Arrays.stream(unit.values()).mapToObj(v -> LineChart.formatTick(v, unit)).toList());

        assertEquals(20, LineChart.niceTicks(0, 100, 5).step());
        assertArrayEquals(new double[] {0, 2, 4, 6}, LineChart.niceTicks(0, 7, 5).values(), 0);
        assertArrayEquals(new double[] {-2, 0, 2, 4, 6, 8, 10, 12}, LineChart.niceTicks(-3.7, 12.2, 8).values(), 0);
        assertArrayEquals(new double[] {0.0012, 0.0013, 0.0014, 0.0015, 0.0016},
                LineChart.niceTicks(0.00115, 0.00165, 5).values(), 0);

        // Any range: a 1/2/5 step, at least two ticks, all inside, and no more intervals than asked for unless the
        // step had to be refined to get two ticks at all (only possible when fewer than five are asked for).
        double[][] ranges = {{0, 1}, {-1, 1}, {0.3, 0.31}, {1e-6, 3e-6}, {-250, 3}, {1234, 98765}, {0.99, 1.01},
            {5, 5.5}, {-1e12, 1e12}, {0, 0.0007}};
        for (double[] r : ranges) {
            for (int n = 2; n <= 10; n++) {
                LineChart.Ticks t = LineChart.niceTicks(r[0], r[1], n);
                double mantissa = t.step() / Math.pow(10, Math.floor(Math.log10(t.step()) + 1e-9));
                String where = r[0] + ".." + r[1] + " n=" + n + " step=" + t.step();
                assertTrue(Math.abs(mantissa - 1) < 1e-9 || Math.abs(mantissa - 2) < 1e-9
                        || Math.abs(mantissa - 5) < 1e-9, where);
                assertTrue(t.values().length >= 2, where);
                if (n >= 5) {
                    assertTrue(t.values().length - 1 <= n, where);
                }
                for (double v : t.values()) {
                    assertTrue(v >= r[0] - 1e-9 * t.step() && v <= r[1] + 1e-9 * t.step(), where + " v=" + v);
                }
            }
        }
    }

    @Test
    void tickLabelsAreShort() {
        LineChart.Ticks big = LineChart.niceTicks(0, 5e8, 5);
        assertEquals("1E8", LineChart.formatTick(1e8, big));
        LineChart.Ticks bigger = LineChart.niceTicks(1e8, 2e8, 5);
        assertEquals("1.2E8", LineChart.formatTick(1.2e8, bigger));
        LineChart.Ticks small = LineChart.niceTicks(0, 0.0005, 5);
        assertEquals("0.0003", LineChart.formatTick(0.0003, small));
        LineChart.Ticks ints = LineChart.niceTicks(-10, 10, 4);
        assertEquals("-5", LineChart.formatTick(-5, ints));
        assertEquals("0", LineChart.formatTick(-0.0, ints));
    }

    @Test
    void anEmptyChartIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LineChart.builder().title("nothing").build());
        assertTrue(e.getMessage().contains("at least one series"), e.getMessage());
    }

    @Test
    void nonFiniteValuesAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Series("loss", new double[] {0, 1, 2}, new double[] {1, Double.NaN, 3}));
        assertTrue(e.getMessage().contains("loss") && e.getMessage().contains("ys[1]")
                && e.getMessage().contains("NaN"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new Series("x", new double[] {Double.POSITIVE_INFINITY}, new double[] {1}));
    }

    @Test
    void mismatchedLengthsAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Series("acc", new double[] {0, 1, 2}, new double[] {1, 2}));
        assertTrue(e.getMessage().contains("acc") && e.getMessage().contains("3") && e.getMessage().contains("2"),
                e.getMessage());
    }

    @Test
    void otherBadSettingsAreRejected() {
        Series s = curve("a", 2, x -> x);
        IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
                () -> LineChart.builder().add(s).yRange(1, 0).build());
        assertTrue(range.getMessage().contains("yRange"), range.getMessage());
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> LineChart.builder().add(s).yRange(0, Double.NaN).build());
        assertTrue(nan.getMessage().contains("finite"), nan.getMessage());
        IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
                () -> LineChart.builder().add(s).size(10, 10).build());
        assertTrue(size.getMessage().contains("10x10"), size.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Series(" ", new double[] {1}, new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> new Series("empty", new double[0], new double[0]));
    }

    @Test
    void seriesCopiesItsArraysAndComparesByContent() {
        double[] xs = {0, 1};
        double[] ys = {2, 3};
        Series s = new Series("s", xs, ys);
        xs[0] = 99;
        s.ys()[0] = 99;
        assertArrayEquals(new double[] {0, 1}, s.xs(), 0);
        assertArrayEquals(new double[] {2, 3}, s.ys(), 0);

        Series same = new Series("s", new double[] {0, 1}, new double[] {2, 3});
        assertEquals(same, s);
        assertEquals(same.hashCode(), s.hashCode());
        assertNotEquals(new Series("s", new double[] {0, 1}, new double[] {2, 4}), s);
        assertEquals("Series[name=s, xs=[0.0, 1.0], ys=[2.0, 3.0]]", s.toString());
        assertEquals(2, s.size());
    }
}
