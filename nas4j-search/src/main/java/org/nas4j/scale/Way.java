package org.nas4j.scale;

/** Which dimensions a member of a scaling run grows: the base itself, all three at once, or one alone. */
public enum Way {
    BASE("base", "B"),
    COMPOUND("compound", "B"),
    /** Compound scaling with EfficientNet's coefficients, beside the ones the grid picked. */
    EFFICIENTNET("compound, EfficientNet's coefficients", "E"),
    DEPTH("depth only", "D"),
    WIDTH("width only", "W"),
    RESOLUTION("resolution only", "R");

    private final String text;
    private final String prefix;

    Way(String text, String prefix) {
        this.text = text;
        this.prefix = prefix;
    }

    /** How tables and charts name the way: "compound", "depth only", ... */
    public String text() {
        return text;
    }

    /** The member at {@code phi} of this way: B0 (the base), B1..Bn (compound), E1, D1, W1, R1, ... */
    public String memberName(int phi) {
        return prefix + phi;
    }
}
