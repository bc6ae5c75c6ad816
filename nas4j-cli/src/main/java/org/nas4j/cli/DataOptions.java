package org.nas4j.cli;

import java.nio.file.Path;
import java.util.Optional;
import org.nas4j.data.DataSource;
import org.nas4j.data.DatasetException;
import org.nas4j.data.ImageSize;
import org.nas4j.search.DataSettings;
import picocli.CommandLine.Option;

/** The flags that choose a command's images, over the config's {@code data} section. */
public final class DataOptions {

    @Option(names = "--data", paramLabel = "DIR", description = "Images instead of the config's data.dir or the "
            + "embedded Fashion-MNIST sample: a folder of IDX files (train-images-idx3-ubyte, train-labels-idx1-ubyte,"
            + " t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte, each may be gzipped) or of images by class "
            + "(DIR/train/<class>/*.png|jpg, DIR/test/<class>/...).")
    Path dir;

    @Option(names = "--image-size", paramLabel = "N", description = "Resize every image to N x N (bilinear) "
            + "instead of the config's data.image_size.")
    Integer imageSize;

    /** Where the images come from: these flags where given, the config's settings otherwise. */
    public DataSource source(DataSettings settings) {
        Optional<ImageSize> size = imageSize != null ? Optional.of(ImageSize.square(imageSize))
                : settings.imageSize();
        try {
            return DataSource.of(Optional.ofNullable(dir).or(settings::dir), size);
        } catch (DatasetException e) {
            throw new UserInputException((dir != null ? "--data " : "data.dir ") + e.getMessage(), e);
        }
    }
}
