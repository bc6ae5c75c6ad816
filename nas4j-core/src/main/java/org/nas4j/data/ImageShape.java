package org.nas4j.data;

/**
 * The shape of one image as a network sees it: {@code channels x height x width} (1 channel for grayscale, 3 for
 * colour). It comes from the data, never from a constant, so the networks built for a dataset fit its images.
 */
public record ImageShape(int channels, int height, int width) {
    public ImageShape {
        if (channels < 1 || channels > 4) {
            throw new DatasetException("an image has 1 to 4 channels (grayscale, grayscale and alpha, RGB, RGBA), "
                    + "got " + channels);
        }
        if (height < 1 || width < 1) {
            throw new DatasetException("an image needs at least one row and one column, got " + height + "x"
                    + width);
        }
        if ((long) channels * height * width > Integer.MAX_VALUE / 16) {
            throw new DatasetException("images of " + channels + "x" + height + "x" + width + " are too large; "
                    + "resize them (data.image_size)");
        }
    }

    /** A grayscale image of this size. */
    public static ImageShape grayscale(int height, int width) {
        return new ImageShape(1, height, width);
    }

    /** Bytes per image: one per pixel and channel. */
    public int size() {
        return channels * height * width;
    }

    /** Pixels per channel. */
    public int plane() {
        return height * width;
    }

    @Override
    public String toString() {
        return channels + "x" + height + "x" + width;
    }
}
