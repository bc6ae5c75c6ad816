package org.nas4j.cli.report;

import java.util.List;
import java.util.Locale;

/**
 * An inline SVG chart: a frame with ticks, grid, axis labels and a title, and marks placed in data coordinates.
 * Colours of classed marks come from the page's style sheet; a {@code <title>} on a mark is what the browser shows
 * when the pointer rests on it.
 */
final class SvgChart {
    private static final int LEFT = 62;
    private static final int RIGHT = 16;
    private static final int TOP = 30;
    private static final int BOTTOM = 46;
    private static final int TICK = 5;

    private final int width;
    private final int height;
    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final Axis x;
    private final Axis y;
    private final StringBuilder marks = new StringBuilder();

    SvgChart(int width, int height, String title, String xLabel, String yLabel, Axis x, Axis y) {
        this.width = width;
        this.height = height;
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
        this.x = x;
        this.y = y;
    }

    double px(double value) {
        return LEFT + x.fraction(value) * (width - LEFT - RIGHT);
    }

    double py(double value) {
        return height - BOTTOM - y.fraction(value) * (height - TOP - BOTTOM);
    }

    /** A line through the points in order; {@code style} is extra SVG attributes (a colour, a dash). */
    SvgChart line(List<double[]> points, String cssClass, String style, String hover) {
        StringBuilder coordinates = new StringBuilder();
        for (double[] point : points) {
            coordinates.append(coordinates.length() == 0 ? "" : " ").append(f(px(point[0]))).append(',')
                    .append(f(py(point[1])));
        }
        marks.append("<polyline class=\"").append(cssClass).append("\" points=\"").append(coordinates).append('"')
                .append(style.isEmpty() ? "" : " " + style).append('>').append(titleElement(hover))
                .append("</polyline>\n");
        return this;
    }

    /** A dot for one trial, numbered in {@code data-trial} so the page can be checked and scripted. */
    SvgChart dot(double xValue, double yValue, double radius, String cssClass, int trial, String style,
                 String hover) {
        marks.append("<circle class=\"").append(cssClass).append("\" data-trial=\"").append(trial)
                .append("\" cx=\"").append(f(px(xValue))).append("\" cy=\"").append(f(py(yValue)))
                .append("\" r=\"").append(f(radius)).append('"').append(style.isEmpty() ? "" : " " + style)
                .append('>').append(titleElement(hover)).append("</circle>\n");
        return this;
    }

    /** A short mark standing on the x axis, for a trial that has no y value (failed, pruned). */
    SvgChart axisMark(double xValue, String cssClass, int trial, String hover) {
        double at = px(xValue);
        double base = height - BOTTOM;
        marks.append("<line class=\"").append(cssClass).append("\" data-trial=\"").append(trial)
                .append("\" x1=\"").append(f(at)).append("\" x2=\"").append(f(at)).append("\" y1=\"")
                .append(f(base)).append("\" y2=\"").append(f(base - 12)).append("\">").append(titleElement(hover))
                .append("</line>\n");
        return this;
    }

    String render() {
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg class=\"chart\" viewBox=\"0 0 %d %d\" width=\"%d\" "
                + "role=\"img\" aria-label=\"%s\" xmlns=\"http://www.w3.org/2000/svg\">%n", width, height, width,
                Html.escape(title)));
        double left = LEFT;
        double right = width - RIGHT;
        double top = TOP;
        double bottom = height - BOTTOM;
        svg.append("<text class=\"chart-title\" x=\"").append(f((left + right) / 2)).append("\" y=\"18\">")
                .append(Html.escape(title)).append("</text>\n");
        for (double value : y.values()) {
            double at = py(value);
            svg.append(lineTag("gridline", left, at, right, at)).append(lineTag("tick", left - TICK, at, left, at))
                    .append(textTag("tick-label y", left - TICK - 3, at + 4, y.label(value)));
        }
        for (double value : x.values()) {
            double at = px(value);
            svg.append(lineTag("gridline", at, top, at, bottom)).append(lineTag("tick", at, bottom, at, bottom + TICK))
                    .append(textTag("tick-label x", at, bottom + TICK + 13, x.label(value)));
        }
        svg.append("<rect class=\"frame\" x=\"").append(f(left)).append("\" y=\"").append(f(top))
                .append("\" width=\"").append(f(right - left)).append("\" height=\"").append(f(bottom - top))
                .append("\"/>\n");
        svg.append(textTag("axis-label", (left + right) / 2, height - 8, xLabel));
        svg.append(String.format(Locale.ROOT, "<text class=\"axis-label\" transform=\"translate(14 %s) rotate(-90)\">"
                + "%s</text>%n", f((top + bottom) / 2), Html.escape(yLabel)));
        svg.append(marks).append("</svg>\n");
        return svg.toString();
    }

    private static String lineTag(String cssClass, double x1, double y1, double x2, double y2) {
        return "<line class=\"" + cssClass + "\" x1=\"" + f(x1) + "\" y1=\"" + f(y1) + "\" x2=\"" + f(x2) + "\" y2=\""
                + f(y2) + "\"/>\n";
    }

    private static String textTag(String cssClass, double x, double y, String text) {
        return "<text class=\"" + cssClass + "\" x=\"" + f(x) + "\" y=\"" + f(y) + "\">" + Html.escape(text)
                + "</text>\n";
    }

    private static String titleElement(String hover) {
        return hover.isEmpty() ? "" : "<title>" + Html.escape(hover) + "</title>";
    }

    /** Coordinates to a tenth of a pixel: enough for the eye, and keeps the file small. */
    private static String f(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
