package org.nas4j.cli.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.imageio.ImageIO;

/**
 * A line chart drawn with plain Java2D into a PNG, so that plots can be written on headless training machines without
 * a charting dependency. It only draws into a {@link BufferedImage} and never opens a window, so it works with
 * {@code java.awt.headless=true}. Instances are immutable; make one with {@link #builder()}.
 */
public final class LineChart {

    static final int DEFAULT_WIDTH = 900;
    static final int DEFAULT_HEIGHT = 540;
    // Fonts and margins have a fixed size; below this there is no room left for the plot itself.
    static final int MIN_WIDTH = 240;
    static final int MIN_HEIGHT = 160;

    // Okabe-Ito colours, which stay distinct under the common colour-vision deficiencies, ordered for contrast on
    // white. Its yellow is left out: it is barely visible on a white background.
    private static final Color[] PALETTE = {
        new Color(0x0072B2), new Color(0xD55E00), new Color(0x009E73), new Color(0xCC79A7),
        new Color(0xE69F00), new Color(0x56B4E9), new Color(0x000000),
    };
    // When there are more series than colours, the colours repeat with another dash pattern so lines stay apart.
    private static final float[][] DASHES = {null, {9f, 5f}, {2f, 4f}, {10f, 4f, 2f, 4f}};
    private static final float LINE_WIDTH = 2f;
    private static final double POINT_RADIUS = 4;  // a one-point series is drawn as a dot

    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 18);
    private static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    private static final Font TICK_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final Font LEGEND_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    private static final Color TEXT = new Color(0x222222);
    private static final Color GRID = new Color(0xE4E4E4);
    private static final Color FRAME = new Color(0x777777);
    private static final Color LEGEND_BORDER = new Color(0xBBBBBB);

    private static final int PAD = 14;            // outer margin of the image
    private static final int TICK_LEN = 5;
    private static final int INSET = 10;          // gap between the legend and the plot frame
    private static final int LEGEND_PAD = 8;
    private static final int SAMPLE_LEN = 28;     // length of the line sample in the legend
    private static final double Y_PADDING = 0.05; // keeps extreme points off the frame
    private static final double EPS = 1e-9;

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final boolean fixedY;
    private final double yMin;
    private final double yMax;
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

        /** A fixed y range, e.g. 0..1 for accuracies; data outside it is clipped. Default: the data's, padded. */
        public Builder yRange(double min, double max) {
            this.fixedY = true;
            this.yMin = min;
            this.yMax = max;
            return this;
        }

        /** Adds one line; series get palette colours in the order they are added. */
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
            if (fixedY && !(Double.isFinite(yMin) && Double.isFinite(yMax))) {
                throw new IllegalArgumentException("yRange must be finite, got " + yMin + ".." + yMax);
            }
            if (fixedY && !(yMin < yMax)) {
                throw new IllegalArgumentException("yRange min must be less than max, got " + yMin + ".." + yMax);
            }
            if (width < MIN_WIDTH || height < MIN_HEIGHT) {
                throw new IllegalArgumentException("size must be at least " + MIN_WIDTH + "x" + MIN_HEIGHT
                        + " pixels, got " + width + "x" + height);
            }
            // Series values are finite by construction (the Series constructor checks them).
            return new LineChart(this);
        }
    }

    /** Draws the chart into a new RGB image of the configured size. */
    public BufferedImage render() {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            prepare(g);
            paint(g, layout(g));
        } finally {
            g.dispose();
        }
        return image;
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

    // ---- layout ----------------------------------------------------------------------------------------------

    /** Tick values at a step of 1, 2 or 5 times 10^exponent, so labels are short round numbers. */
    record Ticks(double step, int exponent, double[] values) {
        /** Fraction digits the labels need: 0.2 needs one, 20 needs none. */
        int decimals() {
            return Math.max(0, -exponent);
        }
    }

    /** One axis: the value range that spans the plot, and its ticks. */
    record Axis(double lo, double hi, Ticks ticks) {
    }

    /**
     * Where everything goes, worked out before drawing so that margins fit the labels and the legend can avoid the
     * data.
     *
     * @param legendText one line per legend row: series names (shortened to fit), then possibly "+N more"
     * @param samples    how many leading legend rows belong to a series (and get a line sample or dot)
     */
    record Layout(Rectangle plot, Axis x, Axis y, Rectangle legend, List<String> legendText, int samples) {
        // The range maps onto the centres of the frame's first and last pixels, where the frame lines are drawn.
        double px(double v) {
            return plot.x + 0.5 + (v - x.lo) / (x.hi - x.lo) * (plot.width - 1);
        }

        double py(double v) {
            return plot.y + plot.height - 0.5 - (v - y.lo) / (y.hi - y.lo) * (plot.height - 1);
        }
    }

    /** The layout as {@link #render()} computes it; for tests. */
    Layout layout() {
        Graphics2D g = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
        try {
            prepare(g);
            return layout(g);
        } finally {
            g.dispose();
        }
    }

    private Layout layout(Graphics2D g) {
        FontMetrics titleFm = g.getFontMetrics(TITLE_FONT);
        FontMetrics labelFm = g.getFontMetrics(LABEL_FONT);
        FontMetrics tickFm = g.getFontMetrics(TICK_FONT);

        // Vertical first: the y ticks depend on the plot height, and the left margin on the y tick labels.
        int top = PAD + (hasText(title) ? titleFm.getHeight() + 10 : tickFm.getHeight() / 2);
        int bottom = height - PAD - (hasText(xLabel) ? labelFm.getHeight() + 6 : 0)
                - tickFm.getHeight() - TICK_LEN - 3;
        int plotHeight = bottom - top;

        double[] yr = fixedY ? new double[] {yMin, yMax} : padded(range(false), Y_PADDING);
        Ticks yTicks = niceTicks(yr[0], yr[1], clamp(plotHeight / 45, 2, 10));
        int yLabelWidth = 0;
        for (double v : yTicks.values()) {
            yLabelWidth = Math.max(yLabelWidth, tickFm.stringWidth(formatTick(v, yTicks)));
        }
        int left = PAD + (hasText(yLabel) ? labelFm.getHeight() + 6 : 0) + yLabelWidth + 4 + TICK_LEN;

        // x tick labels are centred on their ticks, so the right margin must hold half of the last one.
        double[] xr = padded(range(true), 0);
        int right = width - PAD - 10;
        Ticks xTicks = xTicks(xr, right - left, tickFm);
        double[] xv = xTicks.values();
        int halfLast = tickFm.stringWidth(formatTick(xv[xv.length - 1], xTicks)) / 2;
        if (width - PAD - halfLast < right) {
            right = width - PAD - halfLast;
            xTicks = xTicks(xr, right - left, tickFm);
        }

        Rectangle plot = new Rectangle(left, top, right - left, plotHeight);
        Axis x = new Axis(xr[0], xr[1], xTicks);
        Axis y = new Axis(yr[0], yr[1], yTicks);
        Layout noLegend = new Layout(plot, x, y, new Rectangle(), List.of(), 0);
        return withLegend(noLegend, g.getFontMetrics(LEGEND_FONT));
    }

    /** Picks as many x ticks as fit without their labels running into each other. */
    private static Ticks xTicks(double[] xr, int plotWidth, FontMetrics fm) {
        for (int n = clamp(plotWidth / 60, 2, 12); ; n--) {
            Ticks t = niceTicks(xr[0], xr[1], n);
            int widest = 0;
            for (double v : t.values()) {
                widest = Math.max(widest, fm.stringWidth(formatTick(v, t)));
            }
            double spacing = t.step() / (xr[1] - xr[0]) * plotWidth;
            if (n <= 2 || spacing >= widest + 14) {
                return t;
            }
        }
    }

    /** Adds the legend in the plot's top-right or bottom-right corner, whichever covers fewer drawn points. */
    private Layout withLegend(Layout l, FontMetrics fm) {
        Rectangle plot = l.plot();
        int rowHeight = fm.getHeight() + 2;
        // At most about 60% of the plot height, so some data stays visible next to a long legend.
        int maxRows = Math.max(1, (int) (plot.height * 0.6 - 2 * LEGEND_PAD) / rowHeight);
        int n = series.size();
        // Too many series for the plot's height: list what fits and say how many are left out.
        int samples = n <= maxRows ? n : Math.max(0, maxRows - 1);
        int maxText = Math.max(40, plot.width / 2 - SAMPLE_LEN);
        List<String> text = new ArrayList<>();
        for (int i = 0; i < samples; i++) {
            text.add(fit(series.get(i).name(), fm, maxText));
        }
        if (samples < n) {
            text.add("+" + (n - samples) + " more");
        }
        int textWidth = 0;
        for (String s : text) {
            textWidth = Math.max(textWidth, fm.stringWidth(s));
        }
        int w = 2 * LEGEND_PAD + SAMPLE_LEN + 8 + textWidth;
        int h = 2 * LEGEND_PAD + text.size() * rowHeight;
        int x = plot.x + plot.width - INSET - w;
        Rectangle topRight = new Rectangle(x, plot.y + INSET, w, h);
        Rectangle bottomRight = new Rectangle(x, plot.y + plot.height - INSET - h, w, h);
        Rectangle legend = covered(l, bottomRight) < covered(l, topRight) ? bottomRight : topRight;
        return new Layout(plot, l.x(), l.y(), legend, List.copyOf(text), samples);
    }

    /** How much of the drawn data falls inside r: points sampled every few pixels along each line. */
    private int covered(Layout l, Rectangle r) {
        Rectangle2D area = new Rectangle2D.Double(r.x - LINE_WIDTH, r.y - LINE_WIDTH,
                r.width + 2 * LINE_WIDTH, r.height + 2 * LINE_WIDTH);
        int count = 0;
        for (Series s : series) {
            double[] xs = s.xs();
            double[] ys = s.ys();
            double x0 = l.px(xs[0]);
            double y0 = l.py(ys[0]);
            if (area.contains(x0, y0)) {
                count++;
            }
            for (int i = 1; i < xs.length; i++) {
                double x1 = l.px(xs[i]);
                double y1 = l.py(ys[i]);
                // Capped so a segment far outside a fixed y range cannot make this loop huge.
                int steps = (int) Math.min(2000, Math.ceil(Math.hypot(x1 - x0, y1 - y0) / 3));
                for (int k = 1; k <= steps; k++) {
                    double t = (double) k / steps;
                    if (area.contains(x0 + t * (x1 - x0), y0 + t * (y1 - y0))) {
                        count++;
                    }
                }
                x0 = x1;
                y0 = y1;
            }
        }
        return count;
    }

    /** The data's x or y range over all series. */
    private double[] range(boolean ofX) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (double v : ofX ? s.xs() : s.ys()) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        return new double[] {lo, hi};
    }

    /** Widens a range by a fraction on each side; a zero range (one point, a constant) gets a width of its own. */
    private static double[] padded(double[] r, double fraction) {
        double lo = r[0];
        double hi = r[1];
        if (!(hi - lo > Math.max(Math.abs(lo), Math.abs(hi)) * 1e-12)) {
            double half = lo == 0 ? 1 : Math.abs(lo) * 0.1;
            return new double[] {lo - half, hi + half};
        }
        double pad = (hi - lo) * fraction;
        return new double[] {lo - pad, hi + pad};
    }

    /**
     * Round tick values inside [lo, hi] at a step of 1, 2 or 5 times a power of ten: the smallest such step that
     * gives at most {@code maxIntervals} intervals, refined when that would leave fewer than two ticks.
     */
    static Ticks niceTicks(double lo, double hi, int maxIntervals) {
        if (!(Double.isFinite(lo) && Double.isFinite(hi) && lo < hi && Double.isFinite(hi - lo))) {
            throw new IllegalArgumentException("tick range must be finite with lo < hi, got " + lo + ".." + hi);
        }
        if (maxIntervals < 1) {
            throw new IllegalArgumentException("maxIntervals must be positive, got " + maxIntervals);
        }
        double raw = (hi - lo) / maxIntervals;
        int exponent = (int) Math.floor(Math.log10(raw));
        double fraction = raw / Math.pow(10, exponent);
        int mantissa;
        if (fraction <= 1 + EPS) {
            mantissa = 1;
        } else if (fraction <= 2 + EPS) {
            mantissa = 2;
        } else if (fraction <= 5 + EPS) {
            mantissa = 5;
        } else {
            mantissa = 1;
            exponent++;
        }
        for (int tries = 0; tries < 4; tries++) {
            Ticks t = ticksAt(lo, hi, mantissa, exponent);
            if (t == null) {
                break;
            }
            if (t.values().length >= 2) {
                return t;
            }
            // The next smaller nice step: 5 -> 2 -> 1 -> 0.5.
            if (mantissa == 1) {
                mantissa = 5;
                exponent--;
            } else {
                mantissa = mantissa == 5 ? 2 : 1;
            }
        }
        // Only reached when the range is too narrow for the magnitude of its values to step through.
        return new Ticks(hi - lo, exponent, new double[] {lo, hi});
    }

    /** The multiples of mantissa * 10^exponent in [lo, hi]; null when they cannot be counted in a long. */
    private static Ticks ticksAt(double lo, double hi, int mantissa, int exponent) {
        double scale = Math.pow(10, Math.abs(exponent));
        double step = exponent < 0 ? mantissa / scale : mantissa * scale;
        double first = Math.ceil(lo / step - EPS);
        double last = Math.floor(hi / step + EPS);
        if (!(Math.abs(first) < 1e15 && Math.abs(last) < 1e15 && step > 0)) {
            return null;
        }
        int n = (int) Math.max(0, last - first + 1);
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            double k = (first + i) * mantissa;
            // Dividing by an exact power of ten gives the double nearest the decimal: 0.6, not 0.6000000000000001.
            values[i] = exponent < 0 ? k / scale : k * scale;
            if (values[i] == 0) {
                values[i] = 0; // no "-0"
            }
        }
        return new Ticks(step, exponent, values);
    }

    /** A tick label with as many decimals as the step needs; scientific notation for very large or small values. */
    static String formatTick(double v, Ticks t) {
        double[] values = t.values();
        double maxAbs = Math.max(Math.abs(values[0]), Math.abs(values[values.length - 1]));
        if (maxAbs >= 1e7 || t.decimals() > 6) {
            if (v == 0) {
                return "0";
            }
            int digits = clamp((int) Math.floor(Math.log10(maxAbs)) - t.exponent(), 0, 6);
            String pattern = digits == 0 ? "0E0" : "0." + "0".repeat(digits) + "E0";
            return new DecimalFormat(pattern, DecimalFormatSymbols.getInstance(Locale.ROOT)).format(v);
        }
        return String.format(Locale.ROOT, "%." + t.decimals() + "f", v == 0 ? 0.0 : v); // never "-0"
    }

    // ---- drawing ---------------------------------------------------------------------------------------------

    private static void prepare(Graphics2D g) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        // Pure strokes keep the curve where the data says instead of snapping it to pixel centres.
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
    }

    private void paint(Graphics2D g, Layout l) {
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        drawGridAndTicks(g, l);
        drawSeries(g, l);
        Rectangle p = l.plot();
        g.setColor(FRAME);
        g.setStroke(new BasicStroke(1f));
        g.draw(new Rectangle2D.Double(p.x + 0.5, p.y + 0.5, p.width - 1, p.height - 1));
        drawTitles(g, l);
        drawLegend(g, l);
    }

    private static void drawGridAndTicks(Graphics2D g, Layout l) {
        Rectangle p = l.plot();
        FontMetrics fm = g.getFontMetrics(TICK_FONT);
        g.setFont(TICK_FONT);
        g.setStroke(new BasicStroke(1f));
        Ticks xt = l.x().ticks();
        for (double v : xt.values()) {
            double x = Math.floor(l.px(v)) + 0.5; // pixel centre, so 1px lines stay crisp
            g.setColor(GRID);
            g.draw(new Line2D.Double(x, p.y, x, p.y + p.height));
            g.setColor(FRAME);
            g.draw(new Line2D.Double(x, p.y + p.height, x, p.y + p.height + TICK_LEN));
            String s = formatTick(v, xt);
            g.setColor(TEXT);
            g.drawString(s, (float) (x - fm.stringWidth(s) / 2.0), p.y + p.height + TICK_LEN + 3 + fm.getAscent());
        }
        Ticks yt = l.y().ticks();
        for (double v : yt.values()) {
            double y = Math.floor(l.py(v)) + 0.5;
            g.setColor(GRID);
            g.draw(new Line2D.Double(p.x, y, p.x + p.width, y));
            g.setColor(FRAME);
            g.draw(new Line2D.Double(p.x - TICK_LEN, y, p.x, y));
            String s = formatTick(v, yt);
            g.setColor(TEXT);
            g.drawString(s, (float) (p.x - TICK_LEN - 4 - fm.stringWidth(s)),
                    (float) (y + (fm.getAscent() - fm.getDescent()) / 2.0));
        }
    }

    private void drawSeries(Graphics2D g, Layout l) {
        Graphics2D c = (Graphics2D) g.create();
        try {
            c.clip(l.plot());
            for (int i = 0; i < series.size(); i++) {
                double[] xs = series.get(i).xs();
                double[] ys = series.get(i).ys();
                c.setColor(colorFor(i));
                if (xs.length == 1) {
                    // A line through one point has no length; show the point itself.
                    double r = POINT_RADIUS;
                    c.fill(new Ellipse2D.Double(l.px(xs[0]) - r, l.py(ys[0]) - r, 2 * r, 2 * r));
                    continue;
                }
                Path2D.Double path = new Path2D.Double(Path2D.WIND_NON_ZERO, xs.length);
                path.moveTo(l.px(xs[0]), l.py(ys[0]));
                for (int k = 1; k < xs.length; k++) {
                    path.lineTo(l.px(xs[k]), l.py(ys[k]));
                }
                c.setStroke(strokeFor(i));
                c.draw(path);
            }
        } finally {
            c.dispose();
        }
    }

    private void drawTitles(Graphics2D g, Layout l) {
        Rectangle p = l.plot();
        g.setColor(TEXT);
        if (hasText(title)) {
            g.setFont(TITLE_FONT);
            FontMetrics fm = g.getFontMetrics();
            String s = fit(title, fm, width - 2 * PAD);
            g.drawString(s, centred(p.getCenterX(), fm.stringWidth(s)), PAD + fm.getAscent());
        }
        g.setFont(LABEL_FONT);
        FontMetrics fm = g.getFontMetrics();
        if (hasText(xLabel)) {
            String s = fit(xLabel, fm, width - 2 * PAD);
            g.drawString(s, centred(p.getCenterX(), fm.stringWidth(s)), height - PAD - fm.getDescent());
        }
        if (hasText(yLabel)) {
            String s = fit(yLabel, fm, height - 2 * PAD);
            int w = fm.stringWidth(s);
            // Centred on the plot unless that would push the text off the image.
            double cy = Math.max(PAD + w / 2.0, Math.min(height - PAD - w / 2.0, p.getCenterY()));
            Graphics2D r = (Graphics2D) g.create();
            try {
                r.translate(PAD + fm.getAscent(), cy);
                r.rotate(-Math.PI / 2);
                r.drawString(s, (float) (-w / 2.0), 0f);
            } finally {
                r.dispose();
            }
        }
    }

    /** Left edge of text of the given width centred at cx, kept inside the image. */
    private float centred(double cx, int textWidth) {
        return (float) Math.max(PAD, Math.min(width - PAD - textWidth, cx - textWidth / 2.0));
    }

    private void drawLegend(Graphics2D g, Layout l) {
        Rectangle r = l.legend();
        // Slightly see-through, so a line passing under the legend is not hidden completely.
        g.setColor(new Color(255, 255, 255, 230));
        g.fill(r);
        g.setColor(LEGEND_BORDER);
        g.setStroke(new BasicStroke(1f));
        g.draw(new Rectangle2D.Double(r.x + 0.5, r.y + 0.5, r.width - 1, r.height - 1));
        g.setFont(LEGEND_FONT);
        FontMetrics fm = g.getFontMetrics();
        int rowHeight = fm.getHeight() + 2;
        List<String> text = l.legendText();
        for (int i = 0; i < text.size(); i++) {
            double cy = r.y + LEGEND_PAD + i * rowHeight + rowHeight / 2.0;
            double x = r.x + LEGEND_PAD;
            if (i < l.samples()) {
                g.setColor(colorFor(i));
                if (series.get(i).size() == 1) {
                    // Drawn as a dot in the plot, so shown as a dot here.
                    g.fill(new Ellipse2D.Double(x + SAMPLE_LEN / 2.0 - POINT_RADIUS, cy - POINT_RADIUS,
                            2 * POINT_RADIUS, 2 * POINT_RADIUS));
                } else {
                    g.setStroke(strokeFor(i));
                    g.draw(new Line2D.Double(x, cy, x + SAMPLE_LEN, cy));
                }
            }
            g.setColor(TEXT);
            float baseline = (float) (cy + (fm.getAscent() - fm.getDescent()) / 2.0);
            g.drawString(text.get(i), (float) (x + SAMPLE_LEN + 8), baseline);
        }
    }

    /** The colour of the i-th series. */
    static Color colorFor(int i) {
        return PALETTE[i % PALETTE.length];
    }

    private static Stroke strokeFor(int i) {
        float[] dash = DASHES[(i / PALETTE.length) % DASHES.length];
        return dash == null
                ? new BasicStroke(LINE_WIDTH, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND)
                : new BasicStroke(LINE_WIDTH, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, dash, 0f);
    }

    /** s, cut short with an ellipsis if wider than maxWidth. */
    private static String fit(String s, FontMetrics fm, int maxWidth) {
        if (fm.stringWidth(s) <= maxWidth) {
            return s;
        }
        int n = s.length();
        while (n > 0 && fm.stringWidth(s.substring(0, n) + "\u2026") > maxWidth) {
            n--;
        }
        if (n > 0 && Character.isHighSurrogate(s.charAt(n - 1))) {
            n--;
        }
        return s.substring(0, n) + "\u2026";
    }

    private static boolean hasText(String s) {
        return !s.isBlank();
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
