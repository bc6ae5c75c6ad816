package org.nas4j.cli;

import java.nio.file.Path;
import org.nas4j.data.DataSource;
import org.nas4j.data.DatasetException;
import org.nas4j.data.ImageSize;
import org.nas4j.search.DataSettings;
import picocli.CommandLine.Option;

/** The flags that choose a command's images, over the config's {@code data} section. */
public final class DataOptions {

    @Option(names = "--data", paramLabel = "DIR", description = "Images instead of the default ones (the config's "
            + "data.dir, a model's training data, or the embedded Fashion-MNIST sample): a folder of IDX files "
            + "(train-images-idx3-ubyte, train-labels-idx1-ubyte,"
            + " t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte, each may be gzipped) or of images by class "
            + "(DIR/train/<class>/*.png|jpg, DIR/test/<class>/...).")
    Path dir;

    @Option(names = "--image-size", paramLabel = "N", description = "Resize every image to N x N (bilinear) "
            + "instead of the default (the config's data.image_size, or a model's input size).")
    Integer imageSize;

    /** Whether --data or --image-size was given. */
    public boolean given() {
        return dir != null || imageSize != null;
    }

    /** The data settings with these flags applied. */
    public DataSettings applyTo(DataSettings settings) {
        DataSettings withDir = dir != null ? settings.withDir(dir) : settings;
        return imageSize != null ? withDir.withImageSize(ImageSize.square(imageSize)) : withDir;
    }

    /** Where the images come from: these flags where given, the config's settings otherwise. */
    public DataSource source(DataSettings settings) {
        try {
            return applyTo(settings).source();
        } catch (DatasetException e) {
            throw new UserInputException((imageSize != null ? "--image-size: " : dir != null ? "--data " : "")
                    + e.getMessage(), e);
        }
    }
}
