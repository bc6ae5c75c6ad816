package org.nas4j.djl.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.nas4j.data.ImageDataset;
import org.nas4j.random.Rng;

/**
 * Cuts an {@link ImageDataset} into batches on the engine: per batch, one {@code float[]} filled in one loop from
 * the dataset's pixel array (a table look-up per pixel applies the {@link Normalization}), then one images array
 * of shape (B, channels, rows, cols) and one labels array of shape (B). The order of each epoch is a permutation drawn with
 * {@link Rng} from the seed and the epoch number, so the same seed gives the same batches.
 *
 * <pre>
 * Batches batches = Batches.of(train, 128, seed, Normalization.of(train)).withDropLast(true);
 * for (Batch batch : batches.epoch(manager, epoch)) {
 *     try (batch) {
 *         NDList logits = block.forward(parameterStore, batch.data(), true);
 *         ...
 *     }
 * }
 * </pre>
 *
 * <p>The arrays are made with plain arithmetic in Java, not engine operations: on the PyTorch engine an operation
 * with a number ({@code mul(Number)} and the like) wraps the number in a temporary tensor over a Java buffer, which
 * corrupts gradients when autograd later reads it.
 */
public final class Batches {
    private final ImageDataset data;
    private final int batchSize;
    private final long seed;
    private final boolean shuffle;
    private final boolean dropLast;
    private final Normalization normalization;
    private final float[][] table;

    private Batches(ImageDataset data, int batchSize, long seed, boolean shuffle, boolean dropLast,
            Normalization normalization) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("the batch size must be positive, got " + batchSize);
        }
        if (dropLast && batchSize > data.size()) {
            throw new IllegalArgumentException("a batch of " + batchSize + " is larger than the dataset's "
                    + data.size() + " images, so dropping the last partial batch leaves none; use a smaller batch");
        }
        if (normalization.channels() != data.channels()) {
            throw new IllegalArgumentException("the normalization has " + normalization.channels() + " channels but "
                    + "the images have " + data.channels() + "; compute it on images of this dataset's shape");
        }
        this.data = data;
        this.batchSize = batchSize;
        this.seed = seed;
        this.shuffle = shuffle;
        this.dropLast = dropLast;
        this.normalization = normalization;
        this.table = normalization.table();
    }

    /**
     * Batches for training: a new order every epoch, drawn from {@code seed}; the last batch of an epoch may be
     * smaller ({@link #withDropLast}).
     */
    public static Batches of(ImageDataset data, int batchSize, long seed, Normalization normalization) {
        return new Batches(data, batchSize, seed, true, false, normalization);
    }

    /** Batches in the dataset's order, every epoch the same: for evaluation. */
    public static Batches inOrder(ImageDataset data, int batchSize, Normalization normalization) {
        return new Batches(data, batchSize, 0, false, false, normalization);
    }

    /** Leave out each epoch's last batch when it is smaller than the others (so every step sees B images). */
    public Batches withDropLast(boolean drop) {
        return new Batches(data, batchSize, seed, shuffle, drop, normalization);
    }

    public Batches withNormalization(Normalization normalization) {
        return new Batches(data, batchSize, seed, shuffle, dropLast, normalization);
    }

    public ImageDataset dataset() {
        return data;
    }

    public int batchSize() {
        return batchSize;
    }

    public Normalization normalization() {
        return normalization;
    }

    public int batchesPerEpoch() {
        return dropLast ? data.size() / batchSize : (data.size() + batchSize - 1) / batchSize;
    }

    /** The dataset indices in the order that epoch {@code epoch} visits them (all of them, before any drop). */
    public int[] order(int epoch) {
        int n = data.size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        if (shuffle) {
            Rng rng = new Rng(Rng.derive(seed, "epoch " + epoch));
            for (int i = n - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int tmp = order[i];
                order[i] = order[j];
                order[j] = tmp;
            }
        }
        return order;
    }

    /**
     * The batches of one epoch, made one at a time as the iteration reaches them, each on a new sub-manager of
     * {@code manager}: close every batch. Each iteration has its own staging buffers, reused from batch to batch;
     * an iterator is for one thread.
     */
    public Iterable<Batch> epoch(NDManager manager, int epoch) {
        return epoch(manager, epoch, 0);
    }

    /** The batches of one epoch from batch {@code first} (counted from 0) on: where a resumed training goes on. */
    public Iterable<Batch> epoch(NDManager manager, int epoch, int first) {
        if (first < 0 || first > batchesPerEpoch()) {
            throw new IllegalArgumentException("an epoch has " + batchesPerEpoch() + " batches, so it cannot start"
                    + " at batch " + first);
        }
        return () -> {
            EpochIterator iterator = new EpochIterator(manager, order(epoch));
            iterator.next = first;
            return iterator;
        };
    }

    private final class EpochIterator implements Iterator<Batch> {
        private final NDManager manager;
        private final int[] order;
        private final int batches;
        private final float[] pixels;
        private final long[] labels;
        // Direct staging buffers, reused for every batch; see copyToEngine.
        private final ByteBuffer pixelStaging;
        private final ByteBuffer labelStaging;
        private int next;

        EpochIterator(NDManager manager, int[] order) {
            this.manager = manager;
            this.order = order;
            this.batches = batchesPerEpoch();
            int imageSize = data.imageSize();
            this.pixels = new float[Math.multiplyExact(batchSize, imageSize)];
            this.labels = new long[batchSize];
            this.pixelStaging = ByteBuffer.allocateDirect(pixels.length * Float.BYTES).order(ByteOrder.nativeOrder());
            this.labelStaging = ByteBuffer.allocateDirect(labels.length * Long.BYTES).order(ByteOrder.nativeOrder());
        }

        @Override
        public boolean hasNext() {
            return next < batches;
        }

        @Override
        public Batch next() {
            if (!hasNext()) {
                throw new NoSuchElementException("the epoch has " + batches + " batches, all taken");
            }
            int start = next * batchSize;
            int size = Math.min(batchSize, order.length - start);
            next++;
            int[] indices = new int[size];
            System.arraycopy(order, start, indices, 0, size);
            fill(indices);
            NDManager batchManager = manager.newSubManager();
            try {
                NDArray images = copyToEngine(batchManager, pixelStaging, size * data.imageSize(),
                        new Shape(size, data.channels(), data.rows(), data.cols()), DataType.FLOAT32);
                NDArray labelArray = copyToEngine(batchManager, labelStaging, size, new Shape(size),
                        DataType.INT64);
                return new Batch(batchManager, images, labelArray, indices);
            } catch (RuntimeException e) {
                batchManager.close();
                throw e;
            }
        }

        /** The batch's pixels and labels into the reusable arrays, then into the staging buffers. */
        private void fill(int[] indices) {
            byte[] source = data.pixels();
            int imageSize = data.imageSize();
            int plane = data.rows() * data.cols();
            int out = 0;
            for (int index : indices) {
                int in = index * imageSize;
                for (float[] channel : table) {
                    for (int p = 0; p < plane; p++) {
                        pixels[out++] = channel[source[in++] & 0xff];
                    }
                }
            }
            for (int b = 0; b < indices.length; b++) {
                labels[b] = data.label(indices[b]);
            }
            FloatBuffer pixelView = pixelStaging.clear().asFloatBuffer();
            pixelView.put(pixels, 0, out);
            LongBuffer labelView = labelStaging.clear().asLongBuffer();
            labelView.put(labels, 0, indices.length);
        }

        /**
         * An engine-owned copy of the staging buffer's first {@code count} elements. On the CPU the PyTorch engine
         * makes an array from a direct buffer without copying and keeps the buffer until the garbage collector
         * frees it; copying into engine memory lets one staging buffer serve every batch and frees each batch's
         * memory when the batch is closed, not at the next collection.
         */
        private NDArray copyToEngine(NDManager batchManager, ByteBuffer staging, int count, Shape shape,
                DataType type) {
            staging.clear().limit(count * type.getNumOfBytes());
            try (NDArray view = batchManager.create(staging, shape, type)) {
                return view.duplicate();
            }
        }
    }
}
