package org.nas4j.search;

import java.nio.file.Path;
import java.util.Optional;
import org.nas4j.data.DataSource;
import org.nas4j.data.ImageSize;

/**
 * Where the images come from and how the search uses them.
 *
 * @param dir                a folder of IDX files or of images by class; empty for the embedded Fashion-MNIST sample
 * @param validationFraction the share of each class carved from the training images, with the study seed, to
 *                           judge candidates on; the test images are never seen while searching
 * @param trainLimit         at most this many of the remaining training images train each candidate (a stratified
 *                           sample): a cheaper fidelity, judged on the whole validation split all the same
 * @param imageSize          when present, every image is resized to it (bilinear)
 */
public record DataSettings(Optional<Path> dir, double validationFraction, Optional<Long> trainLimit,
                           Optional<ImageSize> imageSize) {
    /** The embedded sample, a tenth of it for validation, every other image to train on, as they are. */
    public static final DataSettings EMBEDDED = new DataSettings(Optional.empty(), 0.1, Optional.empty(),
            Optional.empty());

    public DataSettings {
        if (!(validationFraction >= 0.01 && validationFraction <= 0.5)) {
            throw new IllegalArgumentException("validation_fraction must be in [0.01, 0.5], got "
                    + validationFraction);
        }
        trainLimit.ifPresent(limit -> {
            if (limit < 10) {
                throw new IllegalArgumentException("train_limit must be at least 10 images, got " + limit);
            }
        });
    }

    /** The images of this folder, otherwise as these settings. */
    public DataSettings withDir(Path folder) {
        return new DataSettings(Optional.of(folder), validationFraction, trainLimit, imageSize);
    }

    /** The images resized to this size, otherwise as these settings. */
    public DataSettings withImageSize(ImageSize size) {
        return new DataSettings(dir, validationFraction, trainLimit, Optional.of(size));
    }

    /** Where the images are read from. */
    public DataSource source() {
        return DataSource.of(dir, imageSize);
    }
}
