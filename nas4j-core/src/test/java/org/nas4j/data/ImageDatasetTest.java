package org.nas4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ImageDatasetTest {
    /** 3x4 images, pixel p of image i is (7 i + p) mod 256, so every image of up to 36 is distinct; labels i mod k. */
    private static ImageDataset numbered(int count, int classes) {
        byte[] pixels = new byte[count * 12];
        for (int i = 0; i < count; i++) {
            for (int p = 0; p < 12; p++) {
                pixels[i * 12 + p] = (byte) (7 * i + p);
            }
        }
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++) {
            labels[i] = (byte) (i % classes);
        }
        return new ImageDataset(pixels, labels, 3, 4, classes);
    }

    /** The original index of each image of a subset of numbered(...), found from its first pixel. */
    private static int[] originalIndices(ImageDataset subset) {
        int[] indices = new int[subset.size()];
        for (int i = 0; i < indices.length; i++) {
            indices[i] = (subset.pixel(i, 0, 0) * 183) % 256; // 183 is 7's inverse mod 256
        }
        return indices;
    }

    @Test
    void holdsImagesAsOneArrayAndChecksItsShape() {
        ImageDataset data = numbered(10, 3);
        assertEquals(10, data.size());
        assertEquals(12, data.imageSize());
        assertEquals(120, data.pixels().length);
        assertEquals(2, data.label(5));
        assertEquals((7 * 4 + 2 * 4 + 1) & 0xff, data.pixel(4, 2, 1));
        assertArrayEquals(new int[] {4, 3, 3}, data.classCounts());
        assertEquals("ImageDataset[10 images of 1x3x4, 3 classes, per class [4, 3, 3]]", data.toString());
        DatasetException shape = assertThrows(DatasetException.class,
                () -> new ImageDataset(new byte[11], new byte[1], 3, 4, 3));
        assertEquals("1 labels need 12 pixel bytes for images of 1x3x4, got 11", shape.getMessage());
        DatasetException label = assertThrows(DatasetException.class,
                () -> new ImageDataset(new byte[12], new byte[] {3}, 3, 4, 3));
        assertEquals("image 0 has label 3, outside the 3 classes [0, 2]", label.getMessage());
    }

    @Test
    void copiesItsInputAndComparesByContent() {
        byte[] pixels = new byte[24];
        byte[] labels = {0, 1};
        ImageDataset data = new ImageDataset(pixels, labels, 3, 4, 2);
        ImageDataset same = new ImageDataset(pixels, labels, 3, 4, 2);
        pixels[0] = 9;
        labels[0] = 1;
        assertEquals(0, data.pixel(0, 0, 0));
        assertEquals(0, data.label(0));
        assertEquals(same, data);
        assertEquals(same.hashCode(), data.hashCode());
        assertNotEquals(new ImageDataset(pixels, labels, 3, 4, 2), data);
        assertNotEquals(new ImageDataset(new byte[24], new byte[] {0, 1}, 4, 3, 2), data, "another shape");
    }

    @Test
    void subsetTakesImagesInTheGivenOrder() {
        ImageDataset data = numbered(10, 3);
        ImageDataset subset = data.subset(new int[] {7, 2, 7});
        assertEquals(3, subset.size());
        assertArrayEquals(new int[] {7, 2, 7}, originalIndices(subset));
        assertArrayEquals(new int[] {1, 2, 1}, new int[] {subset.label(0), subset.label(1), subset.label(2)});
        assertThrows(IndexOutOfBoundsException.class, () -> data.subset(new int[] {10}));
    }

    @Test
    void stratifiedSampleHasExactCountsAndDependsOnlyOnTheSeed() {
        ImageDataset data = numbered(36, 3); // 12 per class
        ImageDataset sample = data.stratifiedSample(5, 11);
        assertArrayEquals(new int[] {5, 5, 5}, sample.classCounts());
        int[] indices = originalIndices(sample);
        assertEquals(15, Arrays.stream(indices).distinct().count(), "drawn without replacement");
        int[] sorted = indices.clone();
        Arrays.sort(sorted);
        assertArrayEquals(sorted, indices, "in the dataset's order");
        for (int i = 0; i < sample.size(); i++) {
            assertEquals(indices[i] % 3, sample.label(i), "each image keeps its label");
        }
        assertEquals(sample, data.stratifiedSample(5, 11), "same seed, same sample");
        assertNotEquals(sample, data.stratifiedSample(5, 12), "another seed, another sample");
        assertEquals(data, data.stratifiedSample(12, 3), "all of every class is the whole dataset");

        DatasetException tooMany = assertThrows(DatasetException.class, () -> data.stratifiedSample(13, 1));
        assertEquals("class 0 has 12 images, fewer than the 13 per class asked for; ask for at most 12",
                tooMany.getMessage());
    }

    @Test
    void stratifiedSampleIsRoughlyUniformOverTheClassImages() {
        ImageDataset data = numbered(36, 3);
        int[] picked = new int[36];
        for (long seed = 0; seed < 3000; seed++) {
            for (int index : originalIndices(data.stratifiedSample(4, seed))) {
                picked[index]++;
            }
        }
        // Each image is picked with probability 4/12, so about 1000 times in 3000 draws (sd about 26).
        for (int count : picked) {
            assertEquals(1000, count, 120);
        }
    }

    @Test
    void splitIsDisjointCoversTheInputIsStratifiedAndDeterministic() {
        ImageDataset data = numbered(36, 3).subset(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
            16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 33});
        // Class counts 12, 10, 10 (images 31, 32, 34 and 35 left out).
        ImageDataset.Split split = data.split(0.2, 5);
        int[] train = originalIndices(split.train());
        int[] validation = originalIndices(split.validation());
        Set<Integer> all = new HashSet<>();
        for (int i : train) {
            assertTrue(all.add(i));
        }
        for (int i : validation) {
            assertTrue(all.add(i), "image " + i + " is in both parts");
        }
        assertEquals(new HashSet<>(Arrays.stream(originalIndices(data)).boxed().toList()), all,
                "together the parts are the input");
        assertArrayEquals(new int[] {2, 2, 2}, split.validation().classCounts(),
                "round(0.2 x 12) = 2, round(0.2 x 10) = 2");
        assertArrayEquals(new int[] {10, 8, 8}, split.train().classCounts());
        assertEquals(split, data.split(0.2, 5), "same seed, same split");
        assertNotEquals(split, data.split(0.2, 6));

        ImageDataset big = numbered(36, 3).subset(new int[300]); // 300 copies of image 0, all class 0
        assertArrayEquals(new int[] {75, 0, 0}, big.split(0.25, 1).validation().classCounts());
        assertThrows(DatasetException.class, () -> data.split(0, 1));
        assertThrows(DatasetException.class, () -> data.split(1, 1));
        assertThrows(DatasetException.class, () -> data.split(Double.NaN, 1));
        assertFalse(split.train().equals(split.validation()));
    }

    @Test
    void aProportionalSampleKeepsTheClassBalanceOfAnyClassSizes() {
        byte[] labels = new byte[100];
        for (int i = 0; i < 100; i++) {
            labels[i] = (byte) (i < 80 ? 0 : i < 95 ? 1 : 2); // 80, 15 and 5 images
        }
        ImageDataset data = new ImageDataset(new byte[100 * 4], labels, 2, 2, 3);
        ImageDataset sample = data.proportionalSample(20, 7);
        assertArrayEquals(new int[] {16, 3, 1}, sample.classCounts(), "each class in its share, at least one");
        assertEquals(sample, data.proportionalSample(20, 7), "the same seed, the same images");
        assertSame(data, data.proportionalSample(100, 7), "a limit of all images is the dataset");
        assertArrayEquals(new int[] {1, 1, 1}, data.proportionalSample(1, 7).classCounts());
        assertThrows(DatasetException.class, () -> data.proportionalSample(0, 7));
    }
}
