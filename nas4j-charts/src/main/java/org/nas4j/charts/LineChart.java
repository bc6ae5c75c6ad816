package org.nas4j.charts;

import de.erichseifert.vectorgraphics2d.svg.SVGProcessor;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A chart of lines, steps and points with axis titles, a legend and a grid, drawn by XChart into a PNG file or an SVG
 * document. It never opens a window, so it works with {@code java.awt.headless=true}. Instances are immutable; make
 * one with {@link #builder()}.
 */
public final class LineChart {

    static final int DEFAULT_WIDTH = 900;
    static final int DEFAULT_HEIGHT = 540;
    // Fonts and margins have a fixed size; below this there is no room left for the plot itself.
    static final int MIN_WIDTH = 240;
    static final int MIN_HEIGHT = 160;

    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 16);
    private static final Font AXIS_TITLE_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    private static final Font TICK_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final Font LEGEND_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    private static final Color TEXT = new Color(0x222222);
    private static final Color GRID = new Color(0xE4E4E4);
    private static final Color FRAME = new Color(0x777777);
    private static final Color LEGEND_BORDER = new Color(0xBBBBBB);
    private static final float LINE_WIDTH = 2f;
    private static final int MARKER_SIZE = 8;
    // When there are more series than colours, the colours repeat with another dash pattern so lines stay apart.
    private static final float[][] DASHES = {null, {9f, 5f}, {2f, 4f}, {10f, 4f, 2f, 4f}};
    // What the browser falls back to when it lacks the font the text was measured in (DejaVu Sans on Linux).
    private static final String SVG_FONTS = "font-family:'DejaVu Sans',Verdana,sans-serif";
    private static final Pattern LINE = Pattern.compile(
            "(\\s*)<line style=\"([^\"]*)\" x1=\"([^\"]*)\" x2=\"([^\"]*)\" y1=\"([^\"]*)\" y2=\"([^\"]*)\"/>");
    /** Where the spacer lies between the smallest and largest values: unlikely to be one of them. */
    private static final double SPACER = 0.5123456789;
    private static final Pattern PLACED_TEXT = Pattern.compile("(\\s*)<g transform=\"translate\\(([^ )]+) ([^ )]+)\\)\">"
            + "\\s*<text (style=\"[^\"]*\") x=\"0\" y=\"0\">([^<]*)</text>\\s*</g>");
    private static final Pattern TAG = Pattern.compile("<[^>]*>");
    private static final Pattern DIGITS = Pattern.compile("(\\d\\.\\d{2})\\d+");

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final boolean fixedY;
    private final double yMin;
    private final double yMax;
    private final boolean logX;
    private final boolean logY;
    private final boolean wholeX;
    private final List<Series> series;
    private final int width;
    private final int height;

    private LineChart(Builder b) {
        this.title = b.title;
        this.xLabel = b.xLabel;
        this.yLabel = b.yLabel;
        this.fixedY = b.fixedY;
        this.yMin = b.yMin;
        this.yMax = b.yMax;
        this.logX = b.logX;
        this.logY = b.logY;
        this.wholeX = b.wholeX;
        this.series = List.copyOf(b.series);
        this.width = b.width;
        this.height = b.height;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects the chart's settings; {@link #build()} checks them all at once. */
    public static final class Builder {
        private String title = "";
        private String xLabel = "";
        private String yLabel = "";
        private boolean fixedY;
        private double yMin;
        private double yMax;
        private boolean logX;
        private boolean logY;
        private boolean wholeX;
        private final List<Series> series = new ArrayList<>();
        private int width = DEFAULT_WIDTH;
        private int height = DEFAULT_HEIGHT;

        private Builder() {
        }

        /** The heading; null or blank for none. */
        public Builder title(String title) {
            this.title = title == null ? "" : title;
            return this;
        }

        /** The x axis title; null or blank for none. */
        public Builder xLabel(String xLabel) {
            this.xLabel = xLabel == null ? "" : xLabel;
            return this;
        }

        /** The y axis title; null or blank for none. */
        public Builder yLabel(String yLabel) {
            this.yLabel = yLabel == null ? "" : yLabel;
            return this;
        }

        /** A fixed y range, e.g. 0..1 for accuracies; data outside it is clipped. Default: the data's. */
        public Builder yRange(double min, double max) {
            this.fixedY = true;
            this.yMin = min;
            this.yMax = max;
            return this;
        }

        /** A logarithmic x axis, for values spanning orders of magnitude; all x values must then be positive. */
        public Builder logX(boolean logX) {
            this.logX = logX;
            return this;
        }

        /** A logarithmic y axis; all y values (and a fixed y range) must then be positive. */
        public Builder logY(boolean logY) {
            this.logY = logY;
            return this;
        }

        /** Ticks on the x axis only at whole numbers, for x values that count something: trials, steps. */
        public Builder wholeX() {
            this.wholeX = true;
            return this;
        }

        /** Adds one series; series without a colour get palette colours in the order they are added. */
        public Builder add(Series s) {
            series.add(Objects.requireNonNull(s, "series"));
            return this;
        }

        /** The image size in pixels; default 900x540. */
        public Builder size(int width, int height) {
            this.width = width;
            this.height = height;
            return this;
        }

        public LineChart build() {
            if (series.isEmpty()) {
                throw new IllegalArgumentException("a line chart needs at least one series; call add(Series)");
            }
            Set<String> names = new HashSet<>();
            for (Series s : series) {
                // XChart tells series apart by name, and the legend would not either.
                if (!names.add(s.name())) {
                    throw new IllegalArgumentException("two series are named '" + s.name()
                            + "'; series names must differ");
                }
            }
            if (fixedY && !(Double.isFinite(yMin) && Double.isFinite(yMax))) {
                throw new IllegalArgumentException("yRange must be finite, got " + yMin + ".." + yMax);
            }
            if (fixedY && !(yMin < yMax)) {
                throw new IllegalArgumentException("yRange min must be less than max, got " + yMin + ".." + yMax);
            }
            if (logY && fixedY && !(yMin > 0)) {
                throw new IllegalArgumentException("a logarithmic y axis needs a positive yRange, got " + yMin + ".."
                        + yMax);
            }
            if (logX) {
                requirePositive("x", true);
            }
            if (logY) {
                requirePositive("y", false);
            }
            if (width < MIN_WIDTH || height < MIN_HEIGHT) {
                throw new IllegalArgumentException("size must be at least " + MIN_WIDTH + "x" + MIN_HEIGHT
                        + " pixels, got " + width + "x" + height);
            }
            // Series values are finite by construction (the Series constructor checks them).
            return new LineChart(this);
        }

        private void requirePositive(String axis, boolean ofX) {
            for (Series s : series) {
                double[] values = ofX ? s.xs() : s.ys();
                for (int i = 0; i < values.length; i++) {
                    if (!(values[i] > 0)) {
                        throw new IllegalArgumentException("series '" + s.name() + "': " + axis + "s[" + i + "] is "
                                + values[i] + ", but a logarithmic " + axis + " axis needs positive values");
                    }
                }
            }
        }
    }

    /** Draws the chart into a new RGB image of the configured size. */
    public BufferedImage render() {
        return BitmapEncoder.getBufferedImage(xchart());
    }

    /** Renders the chart and writes it as PNG, creating missing parent directories. */
    public void writePng(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        BufferedImage image = render();
        try (OutputStream out = Files.newOutputStream(file)) {
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException("no PNG writer available to write " + file);
            }
        }
    }

    /**
     * The chart as one {@code <svg>} element to place in an HTML page: no XML declaration, text as text, nothing
     * fetched from elsewhere. Its width and height attributes are the configured size; a style sheet may scale it.
     */
    public String toSvg() {
        XYChart chart = xchart();
        StringBuilder characters = new StringBuilder(title + xLabel + yLabel);
        series.forEach(s -> characters.append(s.name()));
        XYStyler styler = chart.getStyler();
        TextKeepingGraphics g = new TextKeepingGraphics(List.of(styler.getChartTitleFont(),
                styler.getAxisTitleFont(), styler.getAxisTickLabelsFont(), styler.getLegendFont()),
                characters.toString());
        chart.paint(g, width, height);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            new SVGProcessor().getDocument(g.getCommands(), new PageSize(0, 0, width, height)).writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the chart '" + title + "' as SVG", e);
        }
        return tidy(out.toString(StandardCharsets.UTF_8));
    }

    /** Shortens the SVG that VectorGraphics2D writes and makes it fit to share a page with others. */
    private static String tidy(String document) {
        String svg = document.substring(document.indexOf("<svg"));
        // All text is in the one family, said once on the root. Java's logical font names mean nothing to a
        // browser, which would fall back to a serif font. Text without a size of its own is in the default 12
        // pixels, which VectorGraphics2D leaves unsaid.
        svg = svg.replaceAll("font-family:(&quot;|\")[^;]*?(&quot;|\");", "");
        svg = svg.replaceFirst("<svg ", "<svg style=\"" + SVG_FONTS + ";font-size:12px\" ");
        // Coordinates to a hundredth of a pixel, inside tags only so that numbers in the text stay as they are.
        Matcher tag = TAG.matcher(svg);
        StringBuilder shorter = new StringBuilder(svg.length());
        while (tag.find()) {
            tag.appendReplacement(shorter, Matcher.quoteReplacement(DIGITS.matcher(tag.group()).replaceAll("$1")));
        }
        tag.appendTail(shorter);
        svg = joinLines(shorter.toString());
        // A text moved into place by a group of its own: placed by its own x and y instead.
        svg = PLACED_TEXT.matcher(svg).replaceAll("$1<text $4 x=\"$2\" y=\"$3\">$5</text>");
        // Clip ids come from shape hash codes; prefixed with the chart's own, they stay apart when a page holds
        // several charts.
        String prefix = "chart" + Integer.toHexString(svg.hashCode()) + "-";
        return svg.replace("id=\"clip", "id=\"" + prefix + "clip").replace("url(#clip", "url(#" + prefix + "clip");
    }

    /**
     * XChart draws a series as one line element per pair of points, and each tick as a line of its own; runs of
     * lines in the same style become one path, in the same place among the other elements and a fraction of the
     * size. A line alone stays as it is.
     */
    private static String joinLines(String svg) {
        StringBuilder joined = new StringBuilder(svg.length());
        List<Matcher> run = new ArrayList<>();
        for (String line : svg.split("\n", -1)) {
            Matcher m = LINE.matcher(line);
            boolean isLine = m.matches();
            if (!run.isEmpty() && !(isLine && m.group(2).equals(run.get(0).group(2)))) {
                path(run, joined);
                run.clear();
            }
            if (isLine) {
                run.add(m);
            } else {
                joined.append(line).append('\n');
            }
        }
        path(run, joined);
        return joined.substring(0, joined.length() - 1);
    }

    private static void path(List<Matcher> run, StringBuilder out) {
        if (run.size() == 1) {
            out.append(run.get(0).group()).append('\n');
        } else if (run.size() > 1) {
            out.append(run.get(0).group(1)).append("<path style=\"").append(run.get(0).group(2)).append("\" d=\"");
            String end = "";
            for (Matcher m : run) {
                String start = m.group(3) + "," + m.group(5);
                // A line that starts where the last one ended continues it; any other starts a new subpath.
                if (!start.equals(end)) {
                    out.append(end.isEmpty() ? "M" : " M").append(start);
                }
                end = m.group(4) + "," + m.group(6);
                out.append(" L").append(end);
            }
            out.append("\"/>\n");
        }
    }

    private XYChart xchart() {
        XYChart chart = new XYChartBuilder().width(width).height(height).title(title).xAxisTitle(xLabel)
                .yAxisTitle(yLabel).build();
        XYStyler s = chart.getStyler();
        s.setLocale(Locale.ROOT);  // tick labels read 0.5, not 0,5
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderColor(FRAME);
        s.setChartFontColor(TEXT);
        s.setAxisTickLabelsColor(TEXT);
        s.setAxisTickMarksColor(FRAME);
        s.setChartTitleFont(TITLE_FONT);
        s.setChartTitleVisible(!title.isBlank());
        s.setChartTitleBoxVisible(false);
        s.setAxisTitleFont(AXIS_TITLE_FONT);
        s.setAxisTitlesVisible(true);
        s.setAxisTickLabelsFont(TICK_FONT);
        s.setPlotGridLinesVisible(true);
        s.setPlotGridLinesColor(GRID);
        s.setPlotGridLinesStroke(new BasicStroke(1f));
        s.setLegendVisible(true);
        // Beside the plot, so that it never hides data; the plot narrows to make room.
        s.setLegendPosition(LegendPosition.OutsideE);
        s.setLegendFont(LEGEND_FONT);
        s.setLegendBorderColor(LEGEND_BORDER);
        s.setLegendBackgroundColor(Color.WHITE);
        s.setMarkerSize(MARKER_SIZE);
        s.setXAxisLogarithmic(logX);
        s.setYAxisLogarithmic(logY);
        if (wholeX) {
            // XChart steps ticks by the round number nearest to this many pixels' worth of x; the plot is narrower
            // than the chart but wider than 0.8 of it in most charts, so a unit of x gets a tick or more.
            double[] x = range(true);
            int unit = (int) Math.ceil(0.8 * width / Math.max(1, x[1] - x[0]));
            s.setXAxisTickMarkSpacingHint(Math.max(s.getXAxisTickMarkSpacingHint(), unit));
        }
        if (fixedY) {
            s.setYAxisMin(yMin);
            s.setYAxisMax(yMax);
        }
        int paletteIndex = 0;
        for (Series data : series) {
            Color colour = data.colour();
            int dash = 0;
            if (colour == null) {
                colour = Palette.colour(paletteIndex);
                dash = (paletteIndex / Palette.COLOURS.size()) % DASHES.length;
                paletteIndex++;
            }
            XYSeries drawn = chart.addSeries(data.name(), data.xs(), data.ys());
            drawn.setLineColor(colour);
            drawn.setMarkerColor(colour);
            drawn.setLineWidth(LINE_WIDTH);
            drawn.setLineStyle(stroke(dash));
            style(drawn, data);
        }
        // XChart ticks an axis at the data's own values when they are equally spaced (as for categories), which
        // for 2000 samples gives ticks at 1, 126, 251 and so on. A point inside the data, drawn nowhere, breaks the
        // spacing so that both axes get round ticks.
        double[] x = range(true);
        double[] y = range(false);
        XYSeries spacer = chart.addSeries(" ", new double[] {x[0] + (x[1] - x[0]) * SPACER},
                new double[] {y[0] + (y[1] - y[0]) * SPACER});
        spacer.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
        spacer.setMarker(SeriesMarkers.NONE);
        spacer.setShowInLegend(false);
        return chart;
    }

    /** The smallest and largest x or y value of all series. */
    private double[] range(boolean ofX) {
        double[] values = series.stream().flatMapToDouble(s -> Arrays.stream(ofX ? s.xs() : s.ys())).toArray();
        return new double[] {Arrays.stream(values).min().orElseThrow(), Arrays.stream(values).max().orElseThrow()};
    }

    private static void style(XYSeries drawn, Series data) {
        // A line through one point has no length; it shows as its point.
        boolean alone = data.size() == 1;
        switch (data.kind()) {
            case LINE -> {
                drawn.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
                drawn.setMarker(alone ? new Dot() : SeriesMarkers.NONE);
            }
            case MARKED_LINE -> {
                drawn.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
                drawn.setMarker(new Dot());
            }
            case STEP -> {
                drawn.setXYSeriesRenderStyle(XYSeriesRenderStyle.Step);
                drawn.setMarker(alone ? new Dot() : SeriesMarkers.NONE);
            }
            case POINTS -> {
                drawn.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
                drawn.setMarker(new Dot());
            }
            case RINGS -> {
                drawn.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
                drawn.setMarker(new Ring());
            }
        }
    }

    private static BasicStroke stroke(int dash) {
        float[] pattern = DASHES[dash];
        return pattern == null
                ? new BasicStroke(LINE_WIDTH, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND)
                : new BasicStroke(LINE_WIDTH, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, pattern, 0f);
    }

    /** A filled circle of the chart's marker size. */
    private static final class Dot extends Marker {
        @Override
        public void paint(Graphics2D g, double x, double y, int size) {
            g.fill(new Ellipse2D.Double(x - size / 2.0, y - size / 2.0, size, size));
        }
    }

    /** A circle twice the marker size, not filled, so that the point it surrounds stays visible. */
    private static final class Ring extends Marker {
        @Override
        public void paint(Graphics2D g, double x, double y, int size) {
            g.setStroke(new BasicStroke(2f));
            g.draw(new Ellipse2D.Double(x - size, y - size, 2.0 * size, 2.0 * size));
        }
    }
}
