package org.nas4j.djl.supernet;

/**
 * How a supernet holds the options of a layer. In both, a stage's layer i is one position whose weights every
 * depth of at least i uses (depth is the first layers of a stage), widths are the leading channels of the widest
 * weights, and each block type (conv, dwsep, mbconv) is an operation of its own.
 */
public enum Sharing {
    /**
     * One set of weights per option of a layer (block type, kernel, expansion, squeeze-and-excitation), as in the
     * single-path one-shot supernet: options never compete for a weight, but each sees only its share of the
     * batches. Widths share leading channels: weights per width pair would split the batches sixteen ways more.
     */
    PER_CHOICE("per-choice"),
    /**
     * Once-for-All's weight entanglement: per block type, one kernel at the largest size whose centre, through a
     * small learned transform per size, is each smaller kernel; expansions are the leading channels of the widest
     * expansion, and one squeeze-and-excitation serves every ratio. Every weight is trained by every path that
     * reaches it.
     */
    ENTANGLED("entangled");

    private final String text;

    Sharing(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }

    public static Sharing fromText(String text) {
        for (Sharing sharing : values()) {
            if (sharing.text.equals(text)) {
                return sharing;
            }
        }
        throw new IllegalArgumentException("must be per-choice or entangled, got '" + text + "'");
    }

    @Override
    public String toString() {
        return text;
    }
}
