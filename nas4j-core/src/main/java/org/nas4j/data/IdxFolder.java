package org.nas4j.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A folder of IDX files in the layout of MNIST and its relatives (Fashion-MNIST, KMNIST, EMNIST): training images
 * and labels, test images and labels, each gzipped or not. The images may be of any size N x H x W (grayscale). The
 * classes are the labels found, 0 to the largest; a {@code classes.txt} beside the files, one name per line, names
 * them.
 */
public final class IdxFolder {
    /** The part of each file name before the IDX suffix; test files may start with {@code test} or {@code t10k}. */
    private static final List<String> TRAIN_PREFIXES = List.of("train");
    private static final List<String> TEST_PREFIXES = List.of("t10k", "test");
    public static final String CLASS_NAMES_FILE = "classes.txt";

    private IdxFolder() {
    }

    /** Whether {@code dir} holds IDX training images. */
    public static boolean looksLike(Path dir) {
        return find(dir, TRAIN_PREFIXES, "images", 3).isPresent();
    }

    public static TrainTest read(Path dir) {
        Path trainImages = require(dir, TRAIN_PREFIXES, "images", 3);
        Path trainLabels = require(dir, TRAIN_PREFIXES, "labels", 1);
        Path testImages = require(dir, TEST_PREFIXES, "images", 3);
        Path testLabels = require(dir, TEST_PREFIXES, "labels", 1);
        int classes = Math.max(maxLabel(trainLabels), maxLabel(testLabels)) + 1;
        if (classes < 2) {
            throw new DatasetException(trainLabels + " and " + testLabels + " hold only label 0: a classifier needs "
                    + "at least two classes");
        }
        List<String> names = classNames(dir, classes);
        ImageDataset train = IdxReader.read(trainImages, trainLabels, classes).withClassNames(names);
        ImageDataset test = IdxReader.read(testImages, testLabels, classes).withClassNames(names);
        if (!train.shape().equals(test.shape())) {
            throw new DatasetException(dir + ": the training images are " + train.shape() + " but the test images "
                    + "are " + test.shape() + "; the files come from different datasets");
        }
        return new TrainTest(train, test);
    }

    private static int maxLabel(Path labels) {
        int max = -1;
        for (byte label : IdxReader.readLabels(labels)) {
            max = Math.max(max, label & 0xff);
        }
        return max;
    }

    private static List<String> classNames(Path dir, int classes) {
        Path file = dir.resolve(CLASS_NAMES_FILE);
        if (!Files.isRegularFile(file)) {
            return ImageDataset.numbered(classes);
        }
        try {
            List<String> names = new ArrayList<>();
            for (String line : Files.readAllLines(file)) {
                if (!line.isBlank()) {
                    names.add(line.strip());
                }
            }
            if (names.size() != classes) {
                throw new DatasetException(file + " names " + names.size() + " classes but the labels hold "
                        + classes + " (0 to " + (classes - 1) + "): give one name per line for each");
            }
            return names;
        } catch (IOException e) {
            throw new DatasetException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static Path require(Path dir, List<String> prefixes, String kind, int dimensions) {
        return find(dir, prefixes, kind, dimensions).orElseThrow(() -> new DatasetException(dir + " has no "
                + prefixes.get(0) + "-" + kind + "-idx" + dimensions + "-ubyte (or .gz): an IDX folder holds "
                + "train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte and "
                + "t10k-labels-idx1-ubyte, each may be gzipped; a folder of images needs train/<class>/ and "
                + "test/<class>/ sub-folders instead"));
    }

    /** The first of the usual spellings that exists: {@code train-images-idx3-ubyte[.gz]}, with '-' or '.'. */
    static Optional<Path> find(Path dir, List<String> prefixes, String kind, int dimensions) {
        for (String prefix : prefixes) {
            for (String separator : List.of("-", ".")) {
                String name = prefix + "-" + kind + separator + "idx" + dimensions + "-ubyte";
                for (String suffix : List.of(".gz", "")) {
                    Path file = dir.resolve(name + suffix);
                    if (Files.isRegularFile(file)) {
                        return Optional.of(file);
                    }
                }
            }
        }
        return Optional.empty();
    }
}
