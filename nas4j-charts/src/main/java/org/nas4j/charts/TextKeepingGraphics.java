package org.nas4j.charts;

import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import java.awt.Font;
import java.awt.Shape;
import java.awt.font.FontRenderContext;
import java.awt.font.GlyphVector;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.PathIterator;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Records drawing for an SVG document, writing the chart's text as SVG text rather than as glyph outlines.
 *
 * <p>XChart draws every piece of text by filling the outline of its glyphs. As SVG paths that makes a chart some
 * hundreds of kilobytes, and its words can neither be searched, selected nor read by a screen reader. So each filled
 * shape is compared with the outlines of the chart's fonts' glyphs; a shape made only of glyphs, laid out
 * horizontally or turned a quarter to the left (XChart's y axis title), is written as that text, and anything else as
 * the shape. The comparison is exact up to rounding, so a shape that is not text is never taken for text.
 */
final class TextKeepingGraphics extends VectorGraphics2D {
    /** Outline coordinates of the same glyph differ by float rounding only; glyph features are far larger. */
    private static final double EPS = 0.01;
    private static final AffineTransform QUARTER_LEFT = AffineTransform.getRotateInstance(-Math.PI / 2);

    /** One closed part of an outline: its segment types and their points. */
    private record Contour(int[] types, double[] coords) {
    }

    /** A glyph's outline placed at the origin, and how far it moves the pen. */
    private record Glyph(char c, List<Contour> contours, double advance) {
    }

    /** A font's glyphs, most contours first so that a glyph whose contours start another's (. and :) comes last. */
    private record Glyphs(Font font, List<Glyph> upright, List<Glyph> turned, double spaceAdvance) {
    }

    private final List<Glyphs> fonts = new ArrayList<>();

    /**
     * @param fonts      the fonts the chart draws text in
     * @param characters characters beyond printable ASCII that its text may hold (titles, series names)
     */
    TextKeepingGraphics(List<Font> fonts, String characters) {
        TreeSet<Character> repertoire = new TreeSet<>();
        for (char c = '!'; c <= '~'; c++) {
            repertoire.add(c);
        }
        for (char c : characters.toCharArray()) {
            if (!Character.isWhitespace(c)) {
                repertoire.add(c);
            }
        }
        Map<Font, Glyphs> seen = new HashMap<>();
        for (Font font : fonts) {
            if (!seen.containsKey(font)) {
                Glyphs glyphs = glyphs(font, repertoire, getFontRenderContext());
                seen.put(font, glyphs);
                this.fonts.add(glyphs);
            }
        }
    }

    private static Glyphs glyphs(Font font, TreeSet<Character> repertoire, FontRenderContext frc) {
        List<Glyph> upright = new ArrayList<>();
        List<Glyph> turned = new ArrayList<>();
        for (char c : repertoire) {
            if (!font.canDisplay(c)) {
                continue;
            }
            GlyphVector vector = font.createGlyphVector(frc, String.valueOf(c));
            Shape outline = vector.getGlyphOutline(0);
            double advance = vector.getGlyphMetrics(0).getAdvance();
            List<Contour> contours = contours(outline, null);
            if (!contours.isEmpty()) {
                upright.add(new Glyph(c, contours, advance));
                turned.add(new Glyph(c, contours(outline, QUARTER_LEFT), advance));
            }
        }
        Comparator<Glyph> mostContoursFirst = Comparator.comparingInt(g -> -g.contours().size());
        upright.sort(mostContoursFirst);
        turned.sort(mostContoursFirst);
        double space = font.createGlyphVector(frc, " ").getGlyphMetrics(0).getAdvance();
        return new Glyphs(font, upright, turned, space);
    }

    @Override
    public void fill(Shape shape) {
        // Plot areas, legend boxes and markers are rectangles and ellipses; glyph outlines are general paths.
        if (!(shape instanceof Rectangle2D) && !(shape instanceof Ellipse2D)) {
            if (isThinBar(shape)) {
                // XChart fills the outline of each grid line's stroke: as a rectangle it is half the size.
                super.fill(shape.getBounds2D());
                return;
            }
            List<Contour> contours = contours(shape, null);
            for (Glyphs glyphs : fonts) {
                if (drewAsText(contours, glyphs, false) || drewAsText(contours, glyphs, true)) {
                    return;
                }
            }
        }
        super.fill(shape);
    }

    /** A shape of straight edges, at most two pixels across, whose corners all lie on its bounds: a grid line. */
    private static boolean isThinBar(Shape shape) {
        Rectangle2D bounds = shape.getBounds2D();
        if (Math.min(bounds.getWidth(), bounds.getHeight()) > 2) {
            return false;
        }
        double[] point = new double[6];
        for (PathIterator it = shape.getPathIterator(null); !it.isDone(); it.next()) {
            int type = it.currentSegment(point);
            if (type == PathIterator.SEG_QUADTO || type == PathIterator.SEG_CUBICTO) {
                return false;
            }
            if (type != PathIterator.SEG_CLOSE && !(near(point[0], bounds.getMinX())
                    || near(point[0], bounds.getMaxX()) || near(point[1], bounds.getMinY())
                    || near(point[1], bounds.getMaxY()))) {
                return false;
            }
        }
        return true;
    }

    private static boolean near(double a, double b) {
        return Math.abs(a - b) <= EPS;
    }

    /** Reads the contours as glyphs of one font and draws them as text; false, drawing nothing, when they are not. */
    private boolean drewAsText(List<Contour> contours, Glyphs glyphs, boolean turned) {
        List<Glyph> table = turned ? glyphs.turned() : glyphs.upright();
        StringBuilder text = new StringBuilder();
        double[] start = null;
        double[] pen = null;
        int i = 0;
        while (i < contours.size()) {
            Glyph match = null;
            double[] origin = null;
            for (Glyph glyph : table) {
                origin = origin(contours, i, glyph);
                if (origin != null) {
                    match = glyph;
                    break;
                }
            }
            if (match == null) {
                return false;
            }
            if (pen == null) {
                start = origin;
            } else {
                // Spaces have no outline: they show as a gap between one glyph's end and the next one's start.
                double gap = turned ? pen[1] - origin[1] : origin[0] - pen[0];
                text.append(" ".repeat((int) Math.max(0, Math.round(gap / glyphs.spaceAdvance()))));
            }
            text.append(match.c());
            pen = turned ? new double[] {origin[0], origin[1] - match.advance()}
                    : new double[] {origin[0] + match.advance(), origin[1]};
            i += match.contours().size();
        }
        if (start == null) {
            return false;
        }
        Font font = getFont();
        AffineTransform transform = getTransform();
        setFont(glyphs.font());
        translate(start[0], start[1]);
        if (turned) {
            rotate(-Math.PI / 2);
        }
        drawString(text.toString(), 0f, 0f);
        setTransform(transform);
        setFont(font);
        return true;
    }

    /** Where the glyph's origin lies if the contours from {@code from} on begin with it, else null. */
    private static double[] origin(List<Contour> contours, int from, Glyph glyph) {
        List<Contour> own = glyph.contours();
        if (from + own.size() > contours.size()) {
            return null;
        }
        double[] offset = null;
        for (int k = 0; k < own.size(); k++) {
            Contour drawn = contours.get(from + k);
            Contour expected = own.get(k);
            if (!Arrays.equals(drawn.types(), expected.types()) || drawn.coords().length == 0) {
                return null;
            }
            if (offset == null) {
                offset = new double[] {drawn.coords()[0] - expected.coords()[0],
                    drawn.coords()[1] - expected.coords()[1]};
            }
            for (int j = 0; j < drawn.coords().length; j += 2) {
                if (Math.abs(drawn.coords()[j] - expected.coords()[j] - offset[0]) > EPS
                        || Math.abs(drawn.coords()[j + 1] - expected.coords()[j + 1] - offset[1]) > EPS) {
                    return null;
                }
            }
        }
        return offset;
    }

    private static List<Contour> contours(Shape shape, AffineTransform transform) {
        List<Contour> contours = new ArrayList<>();
        List<Integer> types = new ArrayList<>();
        List<Double> coords = new ArrayList<>();
        double[] point = new double[6];
        for (PathIterator it = shape.getPathIterator(transform); !it.isDone(); it.next()) {
            int type = it.currentSegment(point);
            if (type == PathIterator.SEG_MOVETO && !types.isEmpty()) {
                contours.add(contour(types, coords));
                types.clear();
                coords.clear();
            }
            types.add(type);
            int n = switch (type) {
                case PathIterator.SEG_MOVETO, PathIterator.SEG_LINETO -> 2;
                case PathIterator.SEG_QUADTO -> 4;
                case PathIterator.SEG_CUBICTO -> 6;
                default -> 0;
            };
            for (int j = 0; j < n; j++) {
                coords.add(point[j]);
            }
        }
        if (!types.isEmpty()) {
            contours.add(contour(types, coords));
        }
        return contours;
    }

    private static Contour contour(List<Integer> types, List<Double> coords) {
        return new Contour(types.stream().mapToInt(Integer::intValue).toArray(),
                coords.stream().mapToDouble(Double::doubleValue).toArray());
    }
}
