package org.nas4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class ResizeTest {

    @Test
    void halvingAveragesNeighboursAndDoublingInterpolatesBetweenThem() {
        ImageShape from = ImageShape.grayscale(2, 4);
        byte[] image = {0, 100, (byte) 200, (byte) 250, 0, 100, (byte) 200, (byte) 250};
        assertArrayEquals(new byte[] {50, (byte) 225}, Resize.bilinear(image, 0, from, 1, 2),
                "each output pixel samples half-way between two inputs");
        byte[] doubled = Resize.bilinear(new byte[] {0, 100}, 0, ImageShape.grayscale(1, 2), 1, 4);
        assertArrayEquals(new byte[] {0, 25, 75, 100}, doubled, "the borders are clamped, the middle interpolated");
    }

    @Test
    void channelsResizeApartAndAnUnchangedSizeIsTheSameDataset() {
        ImageShape rgb = new ImageShape(3, 1, 2);
        byte[] image = {10, 10, 20, 20, 30, 30};
        assertArrayEquals(new byte[] {10, 20, 30}, Resize.bilinear(image, 0, rgb, 1, 1));
        ImageDataset data = new ImageDataset(new byte[] {1, 2, 3, 4}, new byte[] {0}, 2, 2, 1);
        assertSame(data, Resize.bilinear(data, 2, 2));
        assertEquals(ImageShape.grayscale(3, 3), Resize.bilinear(data, 3, 3).shape());
    }
}
