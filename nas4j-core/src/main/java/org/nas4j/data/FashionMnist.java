package org.nas4j.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Fashion-MNIST (Xiao, Rasul and Vollgraf, 2017; (c) Zalando SE, MIT licence): 28x28 grayscale images of clothing
 * in 10 classes, 60,000 for training and 10,000 for testing, in four IDX files.
 *
 * <p>The full set comes from a directory ({@link #load}), by default the one the Debian package
 * {@code dataset-fashion-mnist} installs ({@link #DEFAULT_DIR}); a stratified sample of 6,000 training and 1,000
 * test images ships inside the jar ({@link #embedded}) so that tests and demos run without it.
 */
public final class FashionMnist {
    /** Where {@code apt-get install dataset-fashion-mnist} puts the four files (gzipped). */
    public static final Path DEFAULT_DIR = Path.of("/usr/share/datasets/fashion-mnist");
    public static final String DEBIAN_PACKAGE = "dataset-fashion-mnist";
    public static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    public static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    public static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    public static final String TEST_LABELS = "t10k-labels-idx1-ubyte";
    /** The four standard file names, without the {@code .gz} that each may have. */
    public static final List<String> FILES = List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS);
    /** The class names, by label. */
    public static final List<String> CLASS_NAMES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
    public static final int CLASSES = 10;
    /**
     * Mean and standard deviation of the 60,000 training images' pixels scaled to [0, 1] (measured: 0.28604 and
     * 0.35302, {@code FashionMnistTest}); normalizing with them gives inputs of mean 0 and variance 1.
     */
    public static final double PIXEL_MEAN = 0.2860;
    public static final double PIXEL_STD = 0.3530;
    /** The sample's resource folder, next to this class. */
    static final String SAMPLE_RESOURCE = "fashion-mnist-sample/";

    private FashionMnist() {
    }

    /** Reads the four files from a directory; each may be gzipped ({@code name.gz}) or not ({@code name}). */
    public static TrainTest load(Path dir) {
        ImageDataset train = IdxReader.read(file(dir, TRAIN_IMAGES), file(dir, TRAIN_LABELS), CLASSES);
        ImageDataset test = IdxReader.read(file(dir, TEST_IMAGES), file(dir, TEST_LABELS), CLASSES);
        return checkSameShape(train.withClassNames(CLASS_NAMES), test.withClassNames(CLASS_NAMES), dir.toString());
    }

    /**
     * The sample shipped in the jar: 600 training images of each class (6,000) and 100 test images of each (1,000),
     * drawn with a fixed seed from the full set (see the README.md beside the files).
     */
    public static TrainTest embedded() {
        try {
            ImageDataset train = readResource(TRAIN_IMAGES, TRAIN_LABELS);
            ImageDataset test = readResource(TEST_IMAGES, TEST_LABELS);
            return checkSameShape(train.withClassNames(CLASS_NAMES), test.withClassNames(CLASS_NAMES),
                    "the embedded Fashion-MNIST sample");
        } catch (IOException e) {
            throw new DatasetException("cannot read the embedded Fashion-MNIST sample: " + e.getMessage(), e);
        }
    }

    /**
     * The directory to load from: {@code dir} when given (the {@code --data DIR} flag), else {@link #DEFAULT_DIR}.
     * An error names the missing file and says how to get the data.
     */
    public static Path locate(Path dir) {
        return locate(dir, DEFAULT_DIR);
    }

    static Path locate(Path dir, Path defaultDir) {
        Path chosen = dir != null ? dir : defaultDir;
        String missing = firstMissing(chosen);
        if (missing == null) {
            return chosen;
        }
        String where = chosen.resolve(missing) + ".gz (or " + missing + ")";
        String install = "the Debian package (apt-get install " + DEBIAN_PACKAGE + ")";
        String download = "https://github.com/zalandoresearch/fashion-mnist";
        if (dir != null) {
            throw new DatasetException("--data " + dir + ": there is no " + where + "; the directory needs the four "
                    + "Fashion-MNIST files " + FILES + ", each may be gzipped. Put them there (from " + download
                    + "), or install " + install + " and leave out --data to read them from " + defaultDir);
        }
        throw new DatasetException("Fashion-MNIST not found: there is no " + where + ". Install " + install
                + ", or download the four files from " + download + " and pass --data DIR with the directory that "
                + "holds them");
    }

    /** The first standard file that the directory lacks in both forms, or null. */
    private static String firstMissing(Path dir) {
        for (String name : FILES) {
            if (!Files.isRegularFile(dir.resolve(name + ".gz")) && !Files.isRegularFile(dir.resolve(name))) {
                return name;
            }
        }
        return null;
    }

    private static Path file(Path dir, String name) {
        Path gz = dir.resolve(name + ".gz");
        if (Files.isRegularFile(gz)) {
            return gz;
        }
        Path plain = dir.resolve(name);
        if (Files.isRegularFile(plain)) {
            return plain;
        }
        throw new DatasetException(dir + " has no Fashion-MNIST file " + name + ".gz (or " + name
                + "); the directory needs the four files " + FILES);
    }

    private static ImageDataset readResource(String images, String labels) throws IOException {
        try (InputStream imageStream = resource(images); InputStream labelStream = resource(labels)) {
            return IdxReader.read(imageStream, SAMPLE_RESOURCE + images + ".gz", labelStream,
                    SAMPLE_RESOURCE + labels + ".gz", CLASSES);
        }
    }

    private static InputStream resource(String name) {
        InputStream in = FashionMnist.class.getResourceAsStream(SAMPLE_RESOURCE + name + ".gz");
        if (in == null) {
            throw new DatasetException("the embedded Fashion-MNIST sample lacks " + SAMPLE_RESOURCE + name
                    + ".gz: nas4j-core was built without its resources; rebuild it with mvn install");
        }
        return in;
    }

    private static TrainTest checkSameShape(ImageDataset train, ImageDataset test, String source) {
        if (!train.shape().equals(test.shape())) {
            throw new DatasetException(source + ": the training images are " + train.rows() + "x"
                    + train.cols() + " but the test images are " + test.rows() + "x"
                    + test.cols() + "; the files come from different data sets");
        }
        return new TrainTest(train, test);
    }
}
