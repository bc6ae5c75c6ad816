package org.nas4j.djl.model;

/**
 * One searched stage, as parsed from the {@code stage<s>.*} decisions; {@code stride} comes from the
 * {@link NetworkSettings}. Every value is kept as chosen, also where the block ignores it (expansion outside mbconv,
 * SE in conv, skip in a one-layer stage), so that the spec shows the architecture it came from; {@link LayerSpec}
 * says what a layer actually uses.
 */
public record StageSpec(BlockType block, int kernel, int expansion, double seRatio, int layers, int filters,
        Skip skip, int stride) {

    public StageSpec {
        if (block == null || skip == null) {
            throw new IllegalArgumentException("a stage needs a block type and a skip, got " + block + ", " + skip);
        }
        if (kernel < 1 || kernel % 2 == 0 || expansion < 1 || !(seRatio >= 0 && seRatio <= 1) || layers < 1
                || filters < 1 || stride < 1) {
            throw new IllegalArgumentException("a stage needs an odd kernel, expansion >= 1, SE ratio in [0, 1] and"
                    + " positive layers, filters and stride, got kernel " + kernel + ", expansion " + expansion
                    + ", SE ratio " + seRatio + ", layers " + layers + ", filters " + filters + ", stride " + stride);
        }
    }
}
