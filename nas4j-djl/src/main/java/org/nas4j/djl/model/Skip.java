package org.nas4j.djl.model;

import org.nas4j.space.SearchSpaceException;

/** The connection around layers 2..n of a stage; its text is the option of the {@code stage<s>.skip} decision. */
public enum Skip {
    NONE("none"),
    /** output = block(x) + x; possible there because those layers keep the shape (stride 1, filters to filters). */
    IDENTITY("identity");

    private final String text;

    Skip(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }

    public static Skip fromText(String decisionName, String text) {
        for (Skip skip : values()) {
            if (skip.text.equals(text)) {
                return skip;
            }
        }
        throw new SearchSpaceException("decision '" + decisionName + "' must be none or identity, got '" + text
                + "'");
    }

    @Override
    public String toString() {
        return text;
    }
}
