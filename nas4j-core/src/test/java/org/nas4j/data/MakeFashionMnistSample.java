package org.nas4j.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Makes the Fashion-MNIST sample that ships in nas4j-core ({@link FashionMnist#embedded()}): a stratified sample
 * of 600 training images per class and 100 test images per class, drawn with {@link #SEED}, written as gzipped IDX
 * files under the four standard names. Run once from the repository root, after {@code mvn -pl nas4j-core
 * test-compile}:
 *
 * <pre>
 * java -cp nas4j-core/target/classes:nas4j-core/target/test-classes org.nas4j.data.MakeFashionMnistSample \
 *     [SOURCE_DIR [OUT_DIR]]
 * </pre>
 *
 * SOURCE_DIR defaults to {@link FashionMnist#DEFAULT_DIR}, OUT_DIR to the resource folder. The output is the same
 * bytes on every run.
 */
public final class MakeFashionMnistSample {
    public static final long SEED = 1;
    public static final int TRAIN_PER_CLASS = 600;
    public static final int TEST_PER_CLASS = 100;
    static final Path OUT = Path.of("nas4j-core/src/main/resources/org/nas4j/data/fashion-mnist-sample");

    private MakeFashionMnistSample() {
    }

    public static void main(String[] args) throws Exception {
        Path source = FashionMnist.locate(args.length > 0 ? Path.of(args[0]) : null);
        Path out = args.length > 1 ? Path.of(args[1]) : OUT;
        TrainTest full = FashionMnist.load(source);
        ImageDataset train = full.train().stratifiedSample(TRAIN_PER_CLASS, SEED);
        ImageDataset test = full.test().stratifiedSample(TEST_PER_CLASS, SEED);
        IdxWriter.write(train, out.resolve(FashionMnist.TRAIN_IMAGES + ".gz"),
                out.resolve(FashionMnist.TRAIN_LABELS + ".gz"));
        IdxWriter.write(test, out.resolve(FashionMnist.TEST_IMAGES + ".gz"),
                out.resolve(FashionMnist.TEST_LABELS + ".gz"));
        System.out.println("from " + source + ": train " + train + ", test " + test);
        for (String name : List.of(FashionMnist.TRAIN_IMAGES, FashionMnist.TRAIN_LABELS, FashionMnist.TEST_IMAGES,
                FashionMnist.TEST_LABELS)) {
            Path file = out.resolve(name + ".gz");
            System.out.println("wrote " + file + " (" + Files.size(file) + " bytes)");
        }
        System.out.println("per class: train " + Arrays.toString(train.classCounts()) + ", test "
                + Arrays.toString(test.classCounts()));
    }
}
