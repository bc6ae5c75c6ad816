package org.nas4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistTest {
    private static final int[] SIX_HUNDRED = filled(600);
    private static final int[] ONE_HUNDRED = filled(100);

    private static int[] filled(int value) {
        int[] counts = new int[10];
        Arrays.fill(counts, value);
        return counts;
    }

    private static boolean fullDatasetInstalled() {
        return Files.isRegularFile(FashionMnist.DEFAULT_DIR.resolve(FashionMnist.TRAIN_IMAGES + ".gz"));
    }

    @Test
    void embeddedSampleHas600TrainingAnd100TestImagesPerClass() {
        TrainTest sample = FashionMnist.embedded();
        assertEquals(6000, sample.train().size());
        assertEquals(1000, sample.test().size());
        assertArrayEquals(SIX_HUNDRED, sample.train().classCounts());
        assertArrayEquals(ONE_HUNDRED, sample.test().classCounts());
        assertEquals(28, sample.train().rows());
        assertEquals(28, sample.train().cols());
        assertEquals(10, FashionMnist.CLASS_NAMES.size());
        assertEquals("Ankle boot", FashionMnist.CLASS_NAMES.get(9));
    }

    @Test
    void embeddedSampleIsTheSeededSampleOfTheFullDataset() {
        assumeTrue(fullDatasetInstalled(), FashionMnist.DEFAULT_DIR + " is absent (apt-get install "
                + FashionMnist.DEBIAN_PACKAGE + ")");
        TrainTest full = FashionMnist.load(FashionMnist.DEFAULT_DIR);
        TrainTest sample = FashionMnist.embedded();
        assertEquals(full.train().stratifiedSample(MakeFashionMnistSample.TRAIN_PER_CLASS,
                MakeFashionMnistSample.SEED), sample.train());
        assertEquals(full.test().stratifiedSample(MakeFashionMnistSample.TEST_PER_CLASS,
                MakeFashionMnistSample.SEED), sample.test());
    }

    @Test
    void fullDebianDatasetHas60000TrainingAnd10000TestImages() {
        assumeTrue(fullDatasetInstalled(), FashionMnist.DEFAULT_DIR + " is absent (apt-get install "
                + FashionMnist.DEBIAN_PACKAGE + ")");
        TrainTest full = FashionMnist.load(FashionMnist.locate(null));
        assertEquals(60000, full.train().size());
        assertEquals(10000, full.test().size());
        assertArrayEquals(filled(6000), full.train().classCounts());
        assertArrayEquals(filled(1000), full.test().classCounts());
        // The normalization constants are the training pixels' mean and standard deviation (on [0, 1]).
        byte[] pixels = full.train().pixels();
        long sum = 0;
        long squares = 0;
        for (byte b : pixels) {
            int p = b & 0xff;
            sum += p;
            squares += (long) p * p;
        }
        double mean = sum / 255.0 / pixels.length;
        double std = Math.sqrt(squares / 255.0 / 255.0 / pixels.length - mean * mean);
        assertEquals(FashionMnist.PIXEL_MEAN, mean, 5e-5);
        assertEquals(FashionMnist.PIXEL_STD, std, 5e-5);
    }

    @Test
    void loadsPlainFilesToo(@TempDir Path dir) {
        TrainTest sample = FashionMnist.embedded();
        ImageDataset smallTrain = sample.train().stratifiedSample(3, 1);
        ImageDataset smallTest = sample.test().stratifiedSample(1, 1);
        IdxWriter.write(smallTrain, dir.resolve(FashionMnist.TRAIN_IMAGES),
                dir.resolve(FashionMnist.TRAIN_LABELS + ".gz"));
        IdxWriter.write(smallTest, dir.resolve(FashionMnist.TEST_IMAGES), dir.resolve(FashionMnist.TEST_LABELS));
        assertEquals(dir, FashionMnist.locate(dir));
        TrainTest loaded = FashionMnist.load(dir);
        assertEquals(smallTrain, loaded.train());
        assertEquals(smallTest, loaded.test());
    }

    @Test
    void missingDatasetErrorNamesTheFileThePackageAndTheDataFlag(@TempDir Path dir) throws IOException {
        Files.write(dir.resolve(FashionMnist.TRAIN_IMAGES + ".gz"), new byte[0]);
        DatasetException given = assertThrows(DatasetException.class, () -> FashionMnist.locate(dir));
        String message = given.getMessage();
        assertTrue(message.startsWith("--data " + dir + ": there is no " + dir.resolve(FashionMnist.TRAIN_LABELS)
                + ".gz (or " + FashionMnist.TRAIN_LABELS + ")"), message);
        assertTrue(message.contains("apt-get install dataset-fashion-mnist"), message);

        Path nowhere = dir.resolve("not-installed");
        DatasetException absent = assertThrows(DatasetException.class, () -> FashionMnist.locate(null, nowhere));
        message = absent.getMessage();
        assertTrue(message.startsWith("Fashion-MNIST not found: there is no " + nowhere.resolve(
                FashionMnist.TRAIN_IMAGES) + ".gz"), message);
        assertTrue(message.contains("apt-get install dataset-fashion-mnist"), message);
        assertTrue(message.contains("--data DIR"), message);

        DatasetException load = assertThrows(DatasetException.class, () -> FashionMnist.load(nowhere));
        assertTrue(load.getMessage().contains(FashionMnist.TRAIN_IMAGES), load.getMessage());
    }
}
