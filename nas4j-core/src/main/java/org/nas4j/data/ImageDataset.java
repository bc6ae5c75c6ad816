package org.nas4j.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.nas4j.random.Rng;

/**
 * N images of one {@link ImageShape} (channels x rows x cols unsigned-byte pixels) with a class label each, and the
 * names of the classes. The pixels are held as ONE contiguous array, image after image, each channel after channel
 * and each channel row-major, so that 60,000 images cost one array and batching is a sequential copy; there are no
 * per-image objects. Immutable: every method that selects images returns a new dataset.
 */
public final class ImageDataset {
    private final byte[] pixels;
    private final byte[] labels;
    private final ImageShape shape;
    private final int rows;
    private final int cols;
    private final List<String> classNames;
    private final int classes;

    /** The two parts of {@link #split}: disjoint, and together the whole dataset. */
    public record Split(ImageDataset train, ImageDataset validation) {
    }

    /**
     * A dataset of copies of these arrays.
     *
     * @param pixels  {@code labels.length * rows * cols} bytes, image after image, each row-major
     * @param labels  one class per image, in {@code [0, classes)}
     */
    public ImageDataset(byte[] pixels, byte[] labels, int rows, int cols, int classes) {
        this(pixels.clone(), labels.clone(), ImageShape.grayscale(rows, cols), numbered(classes), true);
    }

    /**
     * A dataset of copies of these arrays, of images of any shape.
     *
     * @param pixels     {@code labels.length * shape.size()} bytes, image after image, channel after channel
     * @param classNames the name of each class, by label; their number is the number of classes
     */
    public ImageDataset(byte[] pixels, byte[] labels, ImageShape shape, List<String> classNames) {
        this(pixels.clone(), labels.clone(), shape, classNames, true);
    }

    /** Takes the arrays without copying them: for readers in this package that made them and drop them. */
    static ImageDataset owning(byte[] pixels, byte[] labels, ImageShape shape, List<String> classNames) {
        return new ImageDataset(pixels, labels, shape, classNames, true);
    }

    private ImageDataset(byte[] pixels, byte[] labels, ImageShape shape, List<String> classNames, boolean validate) {
        Objects.requireNonNull(shape, "shape");
        int classes = classNames.size();
        if (classes <= 0 || classes > 256) {
            throw new DatasetException("the number of classes must be in [1, 256] (labels are bytes), got "
                    + classes);
        }
        if ((long) labels.length * shape.size() != pixels.length) {
            throw new DatasetException(labels.length + " labels need " + (long) labels.length * shape.size()
                    + " pixel bytes for images of " + shape + ", got " + pixels.length);
        }
        if (validate) {
            for (int i = 0; i < labels.length; i++) {
                if ((labels[i] & 0xff) >= classes) {
                    throw new DatasetException("image " + i + " has label " + (labels[i] & 0xff)
                            + ", outside the " + classes + " classes [0, " + (classes - 1) + "]");
                }
            }
        }
        this.pixels = pixels;
        this.labels = labels;
        this.shape = shape;
        this.rows = shape.height();
        this.cols = shape.width();
        this.classNames = List.copyOf(classNames);
        this.classes = classes;
    }

    /** Class names "0", "1", ... for data whose classes have no names. */
    public static List<String> numbered(int classes) {
        List<String> names = new ArrayList<>(classes);
        for (int c = 0; c < classes; c++) {
            names.add(Integer.toString(c));
        }
        return names;
    }

    /** The same images and labels, with these class names (as many as there are classes). */
    public ImageDataset withClassNames(List<String> names) {
        if (names.size() != classes) {
            throw new DatasetException("the dataset has " + classes + " classes but " + names.size()
                    + " class names were given: " + names);
        }
        return new ImageDataset(pixels, labels, shape, names, false);
    }

    public int size() {
        return labels.length;
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    public int channels() {
        return shape.channels();
    }

    /** Each image's channels, height and width. */
    public ImageShape shape() {
        return shape;
    }

    /** Bytes per image, {@code channels * rows * cols}. */
    public int imageSize() {
        return shape.size();
    }

    public int classes() {
        return classes;
    }

    /** The name of each class, by label. */
    public List<String> classNames() {
        return classNames;
    }

    /** The class of image {@code index}, in {@code [0, classes)}. */
    public int label(int index) {
        return labels[index] & 0xff;
    }

    /** One pixel of the first channel, 0 (black) to 255 (white). */
    public int pixel(int index, int row, int col) {
        return pixel(index, 0, row, col);
    }

    /** One pixel of one channel, 0 to 255. */
    public int pixel(int index, int channel, int row, int col) {
        if (channel < 0 || channel >= shape.channels() || row < 0 || row >= rows || col < 0 || col >= cols) {
            throw new IndexOutOfBoundsException("pixel (" + channel + ", " + row + ", " + col + ") is outside the "
                    + shape + " image");
        }
        return pixels[index * imageSize() + channel * shape.plane() + row * cols + col] & 0xff;
    }

    /**
     * All pixels, image {@code i} at {@code [i * imageSize(), (i + 1) * imageSize())}, read as {@code b & 0xff}.
     * The array is the dataset's own, handed out so batching copies without overhead: not to be modified.
     */
    public byte[] pixels() {
        return pixels;
    }

    /** A copy of the labels, one byte per image. */
    public byte[] labels() {
        return labels.clone();
    }

    /** How many images each class has. */
    public int[] classCounts() {
        int[] counts = new int[classes];
        for (byte label : labels) {
            counts[label & 0xff]++;
        }
        return counts;
    }

    /** The images at these indices, in this order (an index may repeat). */
    public ImageDataset subset(int[] indices) {
        int size = imageSize();
        byte[] subsetPixels = new byte[Math.multiplyExact(indices.length, size)];
        byte[] subsetLabels = new byte[indices.length];
        for (int i = 0; i < indices.length; i++) {
            int index = indices[i];
            if (index < 0 || index >= labels.length) {
                throw new IndexOutOfBoundsException("subset index " + index + " (position " + i
                        + ") is outside the dataset's " + labels.length + " images");
            }
            System.arraycopy(pixels, index * size, subsetPixels, i * size, size);
            subsetLabels[i] = labels[index];
        }
        return new ImageDataset(subsetPixels, subsetLabels, shape, classNames, false);
    }

    /**
     * {@code perClass} images of every class, drawn without replacement with {@link Rng} from {@code seed}, in the
     * dataset's order; the same seed gives the same images.
     */
    public ImageDataset stratifiedSample(int perClass, long seed) {
        if (perClass <= 0) {
            throw new DatasetException("the sample needs at least one image per class, got " + perClass);
        }
        int[][] byClass = indicesByClass();
        for (int c = 0; c < classes; c++) {
            if (byClass[c].length < perClass) {
                throw new DatasetException("class " + c + " has " + byClass[c].length + " images, fewer than the "
                        + perClass + " per class asked for; ask for at most " + minimum(byClass));
            }
        }
        int[] counts = new int[classes];
        Arrays.fill(counts, perClass);
        return draw(byClass, counts, seed);
    }

    /**
     * About {@code total} images, each class in its share of the dataset (rounded, at least one image of each
     * class that has any), drawn without replacement with {@link Rng} from {@code seed}, in the dataset's order: a
     * smaller training set with the class balance of the whole, for classes of any sizes.
     */
    public ImageDataset proportionalSample(long total, long seed) {
        if (total <= 0) {
            throw new DatasetException("the sample needs at least one image, got " + total);
        }
        if (total >= size()) {
            return this;
        }
        int[][] byClass = indicesByClass();
        int[] counts = new int[classes];
        for (int c = 0; c < classes; c++) {
            long share = Math.round((double) byClass[c].length * total / size());
            counts[c] = (int) Math.min(byClass[c].length, Math.max(byClass[c].length > 0 ? 1 : 0, share));
        }
        return draw(byClass, counts, seed);
    }

    /** {@code counts[c]} images of each class c, drawn without replacement, in the dataset's order. */
    private ImageDataset draw(int[][] byClass, int[] counts, long seed) {
        Rng rng = new Rng(seed);
        int[] chosen = new int[Arrays.stream(counts).sum()];
        int filled = 0;
        for (int c = 0; c < classes; c++) {
            int[] candidates = byClass[c];
            // A partial Fisher-Yates shuffle: the first counts[c] places are a uniform draw without replacement.
            for (int i = 0; i < counts[c]; i++) {
                swap(candidates, i, i + rng.nextInt(candidates.length - i));
            }
            System.arraycopy(candidates, 0, chosen, filled, counts[c]);
            filled += counts[c];
        }
        Arrays.sort(chosen);
        return subset(chosen);
    }

    /**
     * Splits off a validation set of {@code validationFraction} of each class (rounded per class), chosen with
     * {@link Rng} from {@code seed}. Both parts keep the dataset's order; they are disjoint and together hold every
     * image once. A class so small that its share rounds to zero has no validation images.
     */
    public Split split(double validationFraction, long seed) {
        if (!(validationFraction > 0 && validationFraction < 1)) {
            throw new DatasetException("the validation fraction must be between 0 and 1 (exclusive), got "
                    + validationFraction);
        }
        int[][] byClass = indicesByClass();
        Rng rng = new Rng(seed);
        boolean[] validation = new boolean[labels.length];
        int validationSize = 0;
        for (int[] candidates : byClass) {
            int take = (int) Math.round(candidates.length * validationFraction);
            for (int i = 0; i < take; i++) {
                swap(candidates, i, i + rng.nextInt(candidates.length - i));
                validation[candidates[i]] = true;
            }
            validationSize += take;
        }
        int[] trainIndices = new int[labels.length - validationSize];
        int[] validationIndices = new int[validationSize];
        int t = 0;
        int v = 0;
        for (int i = 0; i < labels.length; i++) {
            if (validation[i]) {
                validationIndices[v++] = i;
            } else {
                trainIndices[t++] = i;
            }
        }
        return new Split(subset(trainIndices), subset(validationIndices));
    }

    /** The indices of each class's images, ascending. */
    private int[][] indicesByClass() {
        int[] counts = classCounts();
        int[][] byClass = new int[classes][];
        for (int c = 0; c < classes; c++) {
            byClass[c] = new int[counts[c]];
        }
        int[] filled = new int[classes];
        for (int i = 0; i < labels.length; i++) {
            int c = labels[i] & 0xff;
            byClass[c][filled[c]++] = i;
        }
        return byClass;
    }

    private static int minimum(int[][] byClass) {
        int min = Integer.MAX_VALUE;
        for (int[] indices : byClass) {
            min = Math.min(min, indices.length);
        }
        return min;
    }

    private static void swap(int[] a, int i, int j) {
        int tmp = a[i];
        a[i] = a[j];
        a[j] = tmp;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ImageDataset that && shape.equals(that.shape) && classNames.equals(that.classNames)
                && Arrays.equals(labels, that.labels) && Arrays.equals(pixels, that.pixels);
    }

    @Override
    public int hashCode() {
        return Objects.hash(shape, classNames, Arrays.hashCode(labels), Arrays.hashCode(pixels));
    }

    @Override
    public String toString() {
        return "ImageDataset[" + size() + " images of " + shape + ", " + classes
                + " classes, per class " + Arrays.toString(classCounts()) + "]";
    }
}
