package org.nas4j.djl.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.evaluator.Accuracy;
import ai.djl.training.loss.Loss;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.nas4j.data.FashionMnist;
import org.nas4j.data.ImageDataset;
import org.nas4j.data.ImageShape;
import org.nas4j.djl.TestNetworks;

class BatchesTest {
    /** 50 images of 3x4; pixel p of image i is (5 i + 17 p) mod 256, label i mod 10. */
    private static final ImageDataset DATA = numbered(50);

    private static ImageDataset numbered(int count) {
        byte[] pixels = new byte[count * 12];
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++) {
            for (int p = 0; p < 12; p++) {
                pixels[i * 12 + p] = (byte) (5 * i + 17 * p);
            }
            labels[i] = (byte) (i % 10);
        }
        return new ImageDataset(pixels, labels, 3, 4, 10);
    }

    /** What one epoch gave: every batch's dataset indices and its arrays' contents. */
    private record Epoch(List<int[]> indices, List<float[]> images, List<long[]> labels) {
        int[] allIndices() {
            return indices.stream().flatMapToInt(Arrays::stream).toArray();
        }
    }

    private static Epoch run(Batches batches, int epoch) {
        List<int[]> indices = new ArrayList<>();
        List<float[]> images = new ArrayList<>();
        List<long[]> labels = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            for (Batch batch : batches.epoch(manager, epoch)) {
                try (batch) {
                    indices.add(batch.indices());
                    images.add(batch.images().toFloatArray());
                    labels.add(batch.labels().toLongArray());
                }
            }
        }
        return new Epoch(indices, images, labels);
    }

    @Test
    void batchesHaveTheShapesAndLabelsTheLossExpects() {
        try (NDManager manager = NDManager.newBaseManager()) {
            List<Integer> sizes = new ArrayList<>();
            for (Batch batch : Batches.of(DATA, 16, 1, TestNetworks.FASHION).epoch(manager, 0)) {
                try (batch) {
                    int b = batch.size();
                    sizes.add(b);
                    assertEquals(new Shape(b, 1, 3, 4), batch.images().getShape());
                    assertEquals(DataType.FLOAT32, batch.images().getDataType());
                    assertEquals(new Shape(b), batch.labels().getShape());
                    assertEquals(DataType.INT64, batch.labels().getDataType());
                    long[] labels = batch.labels().toLongArray();
                    int[] indices = batch.indices();
                    for (int k = 0; k < b; k++) {
                        assertEquals(DATA.label(indices[k]), labels[k]);
                    }
                }
            }
            assertEquals(List.of(16, 16, 16, 2), sizes);
            assertEquals(4, Batches.of(DATA, 16, 1, TestNetworks.FASHION).batchesPerEpoch());
            assertEquals(3, Batches.of(DATA, 16, 1, TestNetworks.FASHION).withDropLast(true).batchesPerEpoch());
            assertEquals(List.of(16, 16, 16), run(Batches.of(DATA, 16, 1, TestNetworks.FASHION).withDropLast(true), 0).indices().stream()
                    .map(a -> a.length).toList());
        }
    }

    @Test
    void softmaxCrossEntropyLossAndAccuracyTakeTheLabelsAsTheyAre() {
        try (NDManager manager = NDManager.newBaseManager()) {
            for (Batch batch : Batches.of(DATA, 8, 3, TestNetworks.FASHION).epoch(manager, 0)) {
                try (batch) {
                    int b = batch.size();
                    float[] logits = new float[b * 10];
                    for (int i = 0; i < logits.length; i++) {
                        logits[i] = (float) Math.sin(i);
                    }
                    NDArray prediction = batch.manager().create(logits, new Shape(b, 10));
                    float loss = Loss.softmaxCrossEntropyLoss().evaluate(batch.labelList(), new NDList(prediction))
                            .getFloat();
                    // The mean over the batch of -log softmax(logits)[label], computed here in double.
                    int[] indices = batch.indices();
                    double expected = 0;
                    for (int k = 0; k < b; k++) {
                        double sum = 0;
                        for (int c = 0; c < 10; c++) {
                            sum += Math.exp(logits[k * 10 + c]);
                        }
                        expected -= logits[k * 10 + DATA.label(indices[k])] - Math.log(sum);
                    }
                    assertEquals(expected / b, loss, 1e-5);

                    Accuracy accuracy = new Accuracy();
                    accuracy.addAccumulator("batch");
                    accuracy.updateAccumulator("batch", batch.labelList(), new NDList(prediction));
                    int correct = 0;
                    for (int k = 0; k < b; k++) {
                        int best = 0;
                        for (int c = 1; c < 10; c++) {
                            best = logits[k * 10 + c] > logits[k * 10 + best] ? c : best;
                        }
                        correct += best == DATA.label(indices[k]) ? 1 : 0;
                    }
                    assertEquals(correct / (float) b, accuracy.getAccumulator("batch"), 1e-6);
                }
            }
        }
    }

    @Test
    void theSameSeedGivesTheSameBatchesAndEveryImageComesOncePerEpoch() {
        Batches batches = Batches.of(DATA, 7, 42, TestNetworks.FASHION);
        Epoch first = run(batches, 0);
        Epoch again = run(Batches.of(DATA, 7, 42, TestNetworks.FASHION), 0);
        assertEquals(8, first.indices().size());
        for (int k = 0; k < first.indices().size(); k++) {
            assertArrayEquals(first.indices().get(k), again.indices().get(k));
            assertArrayEquals(first.images().get(k), again.images().get(k));
            assertArrayEquals(first.labels().get(k), again.labels().get(k));
        }
        for (int epoch = 0; epoch < 3; epoch++) {
            int[] all = run(batches, epoch).allIndices();
            assertArrayEquals(batches.order(epoch), all);
            int[] sorted = all.clone();
            Arrays.sort(sorted);
            for (int i = 0; i < sorted.length; i++) {
                assertEquals(i, sorted[i], "every image exactly once in epoch " + epoch);
            }
        }
        assertFalse(Arrays.equals(batches.order(0), batches.order(1)), "each epoch has its own order");
        assertFalse(Arrays.equals(batches.order(0), Batches.of(DATA, 7, 43, TestNetworks.FASHION).order(0)), "another seed, another order");
        int[] identity = Batches.inOrder(DATA, 7, TestNetworks.FASHION).order(5);
        for (int i = 0; i < identity.length; i++) {
            assertEquals(i, identity[i]);
        }
    }

    @Test
    void pixelsAreNormalizedWithTheFashionMnistMeanAndStd() {
        Epoch epoch = run(Batches.of(DATA, 16, 9, TestNetworks.FASHION), 0);
        for (int k = 0; k < epoch.indices().size(); k++) {
            int[] indices = epoch.indices().get(k);
            float[] images = epoch.images().get(k);
            for (int b = 0; b < indices.length; b++) {
                for (int r = 0; r < 3; r++) {
                    for (int c = 0; c < 4; c++) {
                        int pixel = DATA.pixel(indices[b], r, c);
                        double expected = (pixel / 255.0 - 0.2860) / 0.3530;
                        assertEquals(expected, images[b * 12 + r * 4 + c], 1e-6);
                    }
                }
            }
        }
        // A known pixel: image 3, pixel 5 (row 1, column 1) is 5 x 3 + 17 x 5 = 100.
        assertEquals(100, DATA.pixel(3, 1, 1));
        assertEquals((100 / 255.0 - 0.2860) / 0.3530, TestNetworks.FASHION.apply(100), 1e-7);
        Epoch unit = run(Batches.inOrder(DATA, 4, TestNetworks.FASHION).withNormalization(Normalization.unit(1)), 0);
        assertEquals(100 / 255.0, unit.images().get(0)[3 * 12 + 5], 1e-7);
        assertThrows(IllegalArgumentException.class, () -> Normalization.of(0.5, 0));
    }

    @Test
    void aBatchKeepsItsDataWhenLaterBatchesAreMade() {
        try (NDManager manager = NDManager.newBaseManager()) {
            List<Batch> open = new ArrayList<>();
            for (Batch batch : Batches.of(DATA, 10, 5, TestNetworks.FASHION).epoch(manager, 0)) {
                open.add(batch);
            }
            Epoch expected = run(Batches.of(DATA, 10, 5, TestNetworks.FASHION), 0);
            for (int k = 0; k < open.size(); k++) {
                assertArrayEquals(expected.images().get(k), open.get(k).images().toFloatArray());
                assertArrayEquals(expected.labels().get(k), open.get(k).labels().toLongArray());
                open.get(k).close();
            }
        }
    }

    @Test
    void closedBatchesLeaveNothingOnTheManager() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Batches batches = Batches.of(FashionMnist.embedded().train(), 64, 1, TestNetworks.FASHION);
            int made = 0;
            for (int epoch = 0; made < 100; epoch++) {
                for (Batch batch : batches.epoch(manager, epoch)) {
                    NDArray images;
                    try (batch) {
                        images = batch.images();
                        NDArray derived = images.sum(); // attached to the batch's manager, freed with it
                        assertEquals(1, resourceCount(manager), "one open batch, one sub-manager");
                        assertEquals(3, resourceCount(batch.manager()), "images, labels and the sum");
                        assertFalse(derived.isReleased());
                    }
                    assertTrue(images.isReleased());
                    assertEquals(0, resourceCount(manager), "after batch " + made);
                    if (++made == 100) {
                        break;
                    }
                }
            }
            assertEquals(0, resourceCount(manager));
        }
    }

    @Test
    void settingsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> Batches.of(DATA, 0, 1, TestNetworks.FASHION));
        IllegalArgumentException tooLarge = assertThrows(IllegalArgumentException.class,
                () -> Batches.of(DATA, 51, 1, TestNetworks.FASHION).withDropLast(true));
        assertTrue(tooLarge.getMessage().contains("larger than the dataset's 50 images"), tooLarge.getMessage());
        assertEquals(1, Batches.of(DATA, 51, 1, TestNetworks.FASHION).batchesPerEpoch());
    }

    @Test
    void throughputOnTheEmbeddedSample() {
        ImageDataset train = FashionMnist.embedded().train();
        Batches batches = Batches.of(train, 128, 1, TestNetworks.FASHION);
        try (NDManager manager = NDManager.newBaseManager()) {
            int warmup = 3;
            int epochs = 20;
            int count = 0;
            long images = 0;
            long start = 0;
            for (int epoch = 0; epoch < warmup + epochs; epoch++) {
                if (epoch == warmup) { // the first epochs warm up the JIT
                    start = System.nanoTime();
                }
                for (Batch batch : batches.epoch(manager, epoch)) {
                    try (batch) {
                        if (epoch >= warmup) {
                            count++;
                            images += batch.size();
                        }
                    }
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "Batches: %d batches of 128 (%d epochs of the 6,000-image sample) in "
                    + "%.3f s: %.0f batches/s, %.0f images/s%n", count, epochs, seconds, count / seconds,
                    images / seconds);
        }
    }

    /** BaseNDManager counts its arrays and open sub-managers in toString ("... Resource size: N"). */
    private static int resourceCount(NDManager manager) {
        Matcher matcher = Pattern.compile("Resource size: (\\d+)").matcher(manager.toString());
        assertTrue(matcher.find(), "DJL's manager description changed: " + manager);
        return Integer.parseInt(matcher.group(1));
    }

    @Test
    void colourImagesBatchChannelByChannelEachWithItsOwnNormalization() {
        // Two 2 x 2 images of three channels; the pixel bytes of channel c are 10c + index + 1.
        byte[] pixels = new byte[2 * 12];
        for (int i = 0; i < 2; i++) {
            for (int c = 0; c < 3; c++) {
                for (int p = 0; p < 4; p++) {
                    pixels[i * 12 + c * 4 + p] = (byte) (100 * i + 10 * c + p + 1);
                }
            }
        }
        ImageDataset colour = new ImageDataset(pixels, new byte[] {0, 1}, new ImageShape(3, 2, 2), List.of("a", "b"));
        Normalization normalization = Normalization.of(colour);
        assertEquals(3, normalization.channels());
        for (int c = 0; c < 3; c++) {
            double mean = 0;
            for (int i = 0; i < 2; i++) {
                for (int p = 0; p < 4; p++) {
                    mean += (100 * i + 10 * c + p + 1) / 255.0 / 8;
                }
            }
            assertEquals(mean, normalization.mean().get(c), 1e-12, "channel " + c + "'s own mean");
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            for (Batch batch : Batches.inOrder(colour, 2, normalization).epoch(manager, 0)) {
                try (batch) {
                    assertEquals(new Shape(2, 3, 2, 2), batch.images().getShape());
                    float[] values = batch.images().toFloatArray();
                    // Image 1, channel 2, pixel 3 sits at (1 * 3 + 2) * 4 + 3.
                    assertEquals(normalization.apply(2, 100 + 20 + 3 + 1), values[(1 * 3 + 2) * 4 + 3], 1e-6);
                    assertEquals(normalization.apply(0, 1), values[0], 1e-6);
                }
            }
        }
        assertThrows(IllegalArgumentException.class, () -> Batches.inOrder(colour, 2, TestNetworks.FASHION),
                "a one-channel normalization does not fit colour images");
    }
}
