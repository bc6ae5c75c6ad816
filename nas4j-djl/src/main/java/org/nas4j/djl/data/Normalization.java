package org.nas4j.djl.data;

import org.nas4j.data.FashionMnist;

/**
 * How a pixel byte {@code p} (0 to 255) becomes a network input: {@code (p / 255 - mean) / std}. Normalizing with
 * the training set's own mean and standard deviation gives inputs of mean 0 and variance 1, which the default weight
 * initializations assume.
 */
public record Normalization(double mean, double std) {
    /**
     * Fashion-MNIST's training pixels on [0, 1]: mean 0.2860, standard deviation 0.3530
     * ({@link FashionMnist#PIXEL_MEAN}, {@link FashionMnist#PIXEL_STD}).
     */
    public static final Normalization FASHION_MNIST = new Normalization(FashionMnist.PIXEL_MEAN,
            FashionMnist.PIXEL_STD);
    /** Pixels scaled to [0, 1] and not centred. */
    public static final Normalization UNIT = new Normalization(0, 1);

    public Normalization {
        if (!Double.isFinite(mean) || !(std > 0) || !Double.isFinite(std)) {
            throw new IllegalArgumentException("a normalization needs a finite mean and a positive finite standard "
                    + "deviation, got mean " + mean + " and std " + std);
        }
    }

    /** The input value of one pixel byte (0 to 255). */
    public float apply(int pixel) {
        return (float) ((pixel / 255.0 - mean) / std);
    }

    /** The input value of every byte value, so that batching is one table look-up per pixel. */
    float[] table() {
        float[] table = new float[256];
        for (int p = 0; p < 256; p++) {
            table[p] = apply(p);
        }
        return table;
    }
}
