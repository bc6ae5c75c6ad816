package org.nas4j.data;

/** The size every image is resized to ({@code data.image_size}): {@code height x width} pixels. */
public record ImageSize(int height, int width) {
    public static final int MAX = 4096;

    public ImageSize {
        if (height < 1 || width < 1 || height > MAX || width > MAX) {
            throw new DatasetException("image_size must be 1 to " + MAX + " pixels each way, got " + height + "x"
                    + width);
        }
    }

    /** A square size. */
    public static ImageSize square(int side) {
        return new ImageSize(side, side);
    }
}
