package org.nas4j.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class LineChartTest {

    /** y = f(x) sampled at x = 1..n. */
    private static Series curve(String name, int n, DoubleUnaryOperator f) {
        double[] xs = new double[n];
        double[] ys = new double[n];
        for (int i = 0; i < n; i++) {
            xs[i] = i + 1;
            ys[i] = f.applyAsDouble(i + 1);
        }
        return new Series(name, xs, ys);
    }

    private static LineChart.Builder threeCurves() {
        return LineChart.builder()
                .title("Validation accuracy")
                .xLabel("epoch")
                .yLabel("accuracy")
                .add(curve("random", 50, x -> 0.50 + 0.30 * (1 - Math.exp(-x / 10.0))))
                .add(curve("evolution", 50, x -> 0.45 + 0.40 * (1 - Math.exp(-x / 15.0))))
                .add(curve("bayesian", 50, x -> 0.40 + 0.45 * (1 - Math.exp(-x / 8.0))));
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

    private static Document parse(String svg) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    /** The text of every text element, in document order. */
    private static List<String> texts(Document svg) {
        NodeList nodes = svg.getElementsByTagName("text");
        return IntStream.range(0, nodes.getLength()).mapToObj(i -> nodes.item(i).getTextContent())
                .toList();
    }

    /** Elements of one tag whose style strokes in the colour c. */
    private static long stroked(Document svg, String tag, Color c) {
        String stroke = "stroke:rgb(" + c.getRed() + "," + c.getGreen() + "," + c.getBlue() + ")";
        NodeList nodes = svg.getElementsByTagName(tag);
        return IntStream.range(0, nodes.getLength())
                .filter(i -> ((Element) nodes.item(i)).getAttribute("style").contains(stroke)).count();
    }

    @Test
    void writesADecodablePngOfTheRequestedSizeWithEverySeriesColour(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("plots/nested/accuracy.png");
        threeCurves().size(640, 400).build().writePng(file);

        BufferedImage img = ImageIO.read(file.toFile());
        assertNotNull(img, "ImageIO could not decode the PNG");
        assertEquals(640, img.getWidth());
        assertEquals(400, img.getHeight());
        assertEquals(Color.WHITE.getRGB(), img.getRGB(0, 0), "background should be white");
        for (int i = 0; i < 3; i++) {
            // A legend sample alone is ~50 pixels; a curve across the plot is many hundreds.
            int n = pixelsOf(img, Palette.colour(i));
            assertTrue(n > 300, "series " + i + " colour " + Palette.colour(i) + " drawn on only " + n + " pixels");
        }
        assertTrue(pixelsOf(img, new Color(0x222222)) > 100, "titles, tick labels and legend text are drawn");
    }

    @Test
    void theDefaultSizeIs900By540AndPaletteColoursDiffer() {
        BufferedImage img = LineChart.builder().add(curve("a", 3, x -> x)).build().render();
        assertEquals(LineChart.DEFAULT_WIDTH, img.getWidth());
        assertEquals(LineChart.DEFAULT_HEIGHT, img.getHeight());
        for (int i = 0; i < Palette.COLOURS.size(); i++) {
            for (int j = i + 1; j < Palette.COLOURS.size(); j++) {
                assertNotEquals(Palette.colour(i), Palette.colour(j));
            }
        }
        assertEquals(Palette.colour(0), Palette.colour(Palette.COLOURS.size()), "the colours repeat");
    }

    @Test
    void theSvgHoldsItsTitlesLegendAndOnePathPerSeriesAsText() throws Exception {
        String svg = threeCurves().build().toSvg();
        assertTrue(svg.startsWith("<svg "), "no XML declaration or doctype, to go inside HTML: "
                + svg.substring(0, 40));
        Document doc = parse(svg);
        List<String> texts = texts(doc);
        for (String text : List.of("Validation accuracy", "epoch", "accuracy", "random", "evolution", "bayesian")) {
            assertTrue(texts.contains(text), "no text element '" + text + "' in " + texts);
        }
        assertTrue(texts.stream().anyMatch(t -> t.matches("0\\.\\d+")), "tick labels as text: " + texts);
        for (int i = 0; i < 3; i++) {
            // The legend's sample of the line is a line element of its own.
            assertEquals(1, stroked(doc, "path", Palette.colour(i)), "series " + i + " should be one path");
            assertEquals(1, stroked(doc, "line", Palette.colour(i)), "series " + i + "'s legend sample");
        }
        assertFalse(svg.contains("SansSerif"), "Java's font names mean nothing to a browser");
        assertTrue(svg.length() < 40_000, "text as text keeps the chart small, got " + svg.length() + " characters");
    }

    @Test
    void textThatLooksLikeNothingElseSurvivesTheTripThroughGlyphOutlines() throws Exception {
        String name = "µ-latency ≤ 5 ms  (two spaces), 100%";
        Document doc = parse(LineChart.builder().title("Ünïcode & <escapes>").xLabel("x").yLabel("turned y title")
                .add(new Series(name, new double[] {1, 2}, new double[] {3, 4})).build().toSvg());
        List<String> texts = texts(doc);
        assertTrue(texts.contains(name), texts.toString());
        assertTrue(texts.contains("Ünïcode & <escapes>"), texts.toString());
        assertTrue(texts.contains("turned y title"), "the y axis title is drawn turned a quarter: " + texts);
    }

    @Test
    void chartsOnOnePageGetTheirOwnClipIds() {
        String a = threeCurves().build().toSvg();
        String b = threeCurves().title("another").build().toSvg();
        Pattern id = Pattern.compile("id=\"([^\"]+)\"");
        List<String> idsA = id.matcher(a).results().map(m -> m.group(1)).toList();
        List<String> idsB = id.matcher(b).results().map(m -> m.group(1)).toList();
        assertFalse(idsA.isEmpty(), "the plot is clipped");
        assertTrue(idsA.stream().noneMatch(idsB::contains), idsA + " and " + idsB);
        for (String clip : idsA) {
            assertTrue(a.contains("url(#" + clip + ")"), "the clip is used under its new id");
        }
    }

    @Test
    void stepsPointsAndRingsAreDrawnAsTheyAreAsked() throws Exception {
        LineChart chart = LineChart.builder().xLabel("trial").yLabel("reward").wholeX()
                .add(Series.step("best so far", new double[] {0, 2, 3}, new double[] {50, 80, 80}))
                .add(Series.points("trial", new double[] {0, 1, 2, 3}, new double[] {50, 30, 80, 60})
                        .withColour(Palette.SKY_BLUE))
                .add(Series.rings("best", new double[] {2}, new double[] {80}).withColour(Color.BLACK))
                .build();
        Document doc = parse(chart.toSvg());
        NodeList ellipses = doc.getElementsByTagName("ellipse");
        int dots = 0;
        int rings = 0;
        for (int i = 0; i < ellipses.getLength(); i++) {
            String style = ((Element) ellipses.item(i)).getAttribute("style");
            dots += style.contains("fill:rgb(86,180,233)") ? 1 : 0;
            rings += style.contains("fill:none") && style.contains("stroke:rgb(0,0,0)") ? 1 : 0;
        }
        assertEquals(4 + 1, dots, "a dot per point and one in the legend");
        assertEquals(1 + 1, rings, "a ring around the best and one in the legend");
        // Step-after: flat from (0, 0.5) to x = 2, then up: three distinct x values give four corners.
        Element step = (Element) doc.getElementsByTagName("path").item(0);
        for (int i = 0; i < doc.getElementsByTagName("path").getLength(); i++) {
            Element path = (Element) doc.getElementsByTagName("path").item(i);
            if (path.getAttribute("style").contains("stroke:rgb(0,114,178)")) {
                step = path;
            }
        }
        assertEquals(4, step.getAttribute("d").split("L").length, step.getAttribute("d"));
        // The y ticks are whole numbers too, at this range: every number shown is a whole one.
        List<String> ticks = texts(doc).stream().filter(t -> t.matches("-?[\\d.]+")).toList();
        assertTrue(ticks.containsAll(List.of("0", "1", "2", "3")), "a tick for each trial: " + ticks);
        assertTrue(ticks.stream().allMatch(t -> t.matches("-?\\d+")), "no ticks between trials: " + ticks);
    }

    @Test
    void equallySpacedSamplesGetRoundTicksRatherThanTheirOwnValues() throws Exception {
        Series samples = curve("best so far", 2000, x -> 1 - 0.7 / Math.sqrt(x));
        List<String> texts = texts(parse(LineChart.builder().xLabel("architectures sampled").yLabel("reward")
                .add(samples).build().toSvg()));
        assertTrue(texts.containsAll(List.of("0", "1,000", "2,000")), texts.toString());
        assertFalse(texts.contains("126"), "XChart's ticks for categories, at every 125th sample: " + texts);
    }

    @Test
    void aSinglePointAndAConstantSeriesAreDrawn() {
        BufferedImage single = LineChart.builder()
                .add(new Series("only", new double[] {3}, new double[] {0.7}))
                .build().render();
        assertTrue(pixelsOf(single, Palette.colour(0)) > 30, "the single point should be drawn as a dot");
        BufferedImage constant = LineChart.builder().add(curve("flat", 10, x -> 0)).build().render();
        assertTrue(pixelsOf(constant, Palette.colour(0)) > 300, "a constant series is a visible line");
    }

    @Test
    void logAxesAcceptOnlyPositiveData() throws Exception {
        Series latency = new Series("latency", new double[] {0.5, 5, 50, 500}, new double[] {0.7, 0.8, 0.85, 0.9});
        Document doc = parse(LineChart.builder().xLabel("latency (ms)").yLabel("accuracy").logX(true).add(latency)
                .build().toSvg());
        List<String> texts = texts(doc);
        assertTrue(texts.contains("10") && texts.contains("100"), "decades on a log axis: " + texts);

        Series withZero = new Series("zero", new double[] {0, 1}, new double[] {1, 2});
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class,
                () -> LineChart.builder().logX(true).add(withZero).build());
        assertEquals("series 'zero': xs[0] is 0.0, but a logarithmic x axis needs positive values", x.getMessage());
        Series negative = new Series("loss", new double[] {1, 2}, new double[] {1, -2});
        IllegalArgumentException y = assertThrows(IllegalArgumentException.class,
                () -> LineChart.builder().logY(true).add(negative).build());
        assertTrue(y.getMessage().contains("'loss': ys[1] is -2.0"), y.getMessage());
        IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
                () -> LineChart.builder().logY(true).yRange(0, 1).add(latency).build());
        assertTrue(range.getMessage().contains("positive yRange"), range.getMessage());
    }

    @Test
    void emptyAndInvalidInputIsRejectedWithAClearMessage() {
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> LineChart.builder().title("nothing").build());
        assertTrue(none.getMessage().contains("at least one series"), none.getMessage());
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> new Series("empty", new double[0], new double[0]));
        assertTrue(empty.getMessage().contains("'empty' has no points"), empty.getMessage());
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> new Series("loss", new double[] {0, 1, 2}, new double[] {1, Double.NaN, 3}));
        assertTrue(nan.getMessage().contains("ys[1] is NaN"), nan.getMessage());
        IllegalArgumentException lengths = assertThrows(IllegalArgumentException.class,
                () -> new Series("acc", new double[] {0, 1, 2}, new double[] {1, 2}));
        assertTrue(lengths.getMessage().contains("xs has 3 values but ys has 2"), lengths.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Series(" ", new double[] {1}, new double[] {1}));

        Series s = curve("a", 2, x -> x);
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> LineChart.builder().add(s).add(s).build());
        assertTrue(twice.getMessage().contains("two series are named 'a'"), twice.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LineChart.builder().add(s).yRange(1, 0).build());
        assertThrows(IllegalArgumentException.class, () -> LineChart.builder().add(s).yRange(0, Double.NaN).build());
        IllegalArgumentException small = assertThrows(IllegalArgumentException.class,
                () -> LineChart.builder().add(s).size(10, 10).build());
        assertTrue(small.getMessage().contains("at least 240x160"), small.getMessage());
    }

    @Test
    void seriesCopyTheirArraysAndCompareByContent() {
        double[] xs = {0, 1};
        double[] ys = {2, 3};
        Series s = new Series("s", xs, ys);
        xs[0] = 99;
        s.ys()[0] = 99;
        assertEquals(0, s.xs()[0]);
        assertEquals(2, s.ys()[0]);
        assertEquals(new Series("s", new double[] {0, 1}, new double[] {2, 3}), s);
        assertNotEquals(s.withColour(Color.RED), s);
        assertNotEquals(Series.points("s", new double[] {0, 1}, new double[] {2, 3}), s);
        assertEquals("Series[name=s, xs=[0.0, 1.0], ys=[2.0, 3.0], kind=LINE, colour=#FF0000]",
                s.withColour(Color.RED).toString());
    }
}
