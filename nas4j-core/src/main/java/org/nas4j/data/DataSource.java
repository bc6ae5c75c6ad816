package org.nas4j.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a study's images come from. A folder is read as a folder of images by class when it has a {@code train/}
 * sub-folder, and as IDX files otherwise ({@link #of}); without a folder, the Fashion-MNIST sample embedded in
 * nas4j. Any of them may be resized to one {@link ImageSize}.
 */
public sealed interface DataSource {

    /** Reads the training and test images. */
    TrainTest load();

    /** Where the images come from, for messages. */
    String describe();

    /** The folder the images are read from; empty for the embedded sample. */
    Optional<Path> folder();

    /** The 6,000 + 1,000 Fashion-MNIST images shipped in the jar: the default, and the tests' fixture. */
    record Embedded(Optional<ImageSize> imageSize) implements DataSource {
        @Override
        public TrainTest load() {
            return resized(FashionMnist.embedded(), imageSize);
        }

        @Override
        public String describe() {
            return "the embedded Fashion-MNIST sample";
        }

        @Override
        public Optional<Path> folder() {
            return Optional.empty();
        }
    }

    /** IDX files ({@link IdxFolder}). */
    record Idx(Path dir, Optional<ImageSize> imageSize) implements DataSource {
        @Override
        public TrainTest load() {
            return resized(IdxFolder.read(dir), imageSize);
        }

        @Override
        public String describe() {
            return dir.toString();
        }

        @Override
        public Optional<Path> folder() {
            return Optional.of(dir);
        }
    }

    /** A folder of images by class ({@link ImageFolder}), resized as they are decoded. */
    record Images(Path dir, Optional<ImageSize> imageSize) implements DataSource {
        @Override
        public TrainTest load() {
            return ImageFolder.read(dir, imageSize);
        }

        @Override
        public String describe() {
            return dir.toString();
        }

        @Override
        public Optional<Path> folder() {
            return Optional.of(dir);
        }
    }

    static DataSource embedded() {
        return new Embedded(Optional.empty());
    }

    /** The folder's images, of whichever layout it holds. */
    static DataSource of(Path dir, Optional<ImageSize> imageSize) {
        if (!Files.isDirectory(dir)) {
            throw new DatasetException(dir + " is not a folder: give a folder of IDX files (train-images-idx3-ubyte"
                    + " and the others) or of images by class (train/<class>/, test/<class>/)");
        }
        return ImageFolder.looksLike(dir) ? new Images(dir, imageSize) : new Idx(dir, imageSize);
    }

    /** The folder when given, else the embedded sample. */
    static DataSource of(Optional<Path> dir, Optional<ImageSize> imageSize) {
        return dir.map(d -> of(d, imageSize)).orElseGet(() -> new Embedded(imageSize));
    }

    private static TrainTest resized(TrainTest data, Optional<ImageSize> size) {
        return size.map(s -> new TrainTest(Resize.bilinear(data.train(), s.height(), s.width()),
                Resize.bilinear(data.test(), s.height(), s.width()))).orElse(data);
    }
}
