package org.nas4j.charts;

import java.awt.Color;
import java.util.List;

/**
 * The Okabe-Ito colours, which stay distinct under the common colour-vision deficiencies, in the order series get
 * them: ordered for contrast on white. Its yellow is left out: it is barely visible on a white background.
 */
public final class Palette {
    public static final Color BLUE = new Color(0x0072B2);
    public static final Color VERMILLION = new Color(0xD55E00);
    public static final Color GREEN = new Color(0x009E73);
    public static final Color PURPLE = new Color(0xCC79A7);
    public static final Color ORANGE = new Color(0xE69F00);
    public static final Color SKY_BLUE = new Color(0x56B4E9);
    public static final Color BLACK = new Color(0x000000);

    public static final List<Color> COLOURS = List.of(BLUE, VERMILLION, GREEN, PURPLE, ORANGE, SKY_BLUE, BLACK);

    private Palette() {
    }

    /** The colour of the i-th series that has none of its own; they repeat after the last. */
    public static Color colour(int i) {
        return COLOURS.get(Math.floorMod(i, COLOURS.size()));
    }
}
