package org.nas4j.djl.model;

import org.nas4j.space.SearchSpaceException;

/** The block a stage repeats; its text is the option of the {@code stage<s>.block} decision. */
public enum BlockType {
    /** A plain convolution: conv k x k, BatchNorm, ReLU. */
    CONV("conv"),
    /** Depthwise separable (MobileNetV1): depthwise k x k, BN, ReLU, [SE], pointwise 1 x 1, BN, ReLU. */
    DWSEP("dwsep"),
    /** Inverted residual (MobileNetV2, MnasNet): [expand 1 x 1], depthwise k x k, [SE], linear project 1 x 1. */
    MBCONV("mbconv");

    private final String text;

    BlockType(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }

    /** The block with this option text, or an error that names the decision and the known blocks. */
    public static BlockType fromText(String decisionName, String text) {
        for (BlockType type : values()) {
            if (type.text.equals(text)) {
                return type;
            }
        }
        throw new SearchSpaceException("decision '" + decisionName + "' must be conv, dwsep or mbconv, got '"
                + text + "'");
    }

    @Override
    public String toString() {
        return text;
    }
}
