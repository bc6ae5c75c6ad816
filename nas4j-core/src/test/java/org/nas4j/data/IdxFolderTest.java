package org.nas4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxFolderTest {

    /** An IDX folder of {@code count} images of {@code rows x cols} and labels cycling through {@code classes}. */
    static Path write(Path dir, String testPrefix, int count, int rows, int cols, int classes, boolean gzip)
            throws IOException {
        Files.createDirectories(dir);
        for (String prefix : List.of("train", testPrefix)) {
            byte[] pixels = new byte[count * rows * cols];
            byte[] labels = new byte[count];
            for (int i = 0; i < count; i++) {
                labels[i] = (byte) (i % classes);
                for (int p = 0; p < rows * cols; p++) {
                    pixels[i * rows * cols + p] = (byte) (i * 7 + p);
                }
            }
            ImageDataset data = new ImageDataset(pixels, labels, rows, cols, classes);
            String suffix = gzip ? ".gz" : "";
            IdxWriter.write(data, dir.resolve(prefix + "-images-idx3-ubyte" + suffix),
                    dir.resolve(prefix + "-labels-idx1-ubyte" + suffix));
        }
        return dir;
    }

    @Test
    void readsAnyImageSizeAndTheClassesItsLabelsHold(@TempDir Path dir) throws IOException {
        TrainTest data = IdxFolder.read(write(dir, "t10k", 20, 16, 12, 4, true));
        assertEquals(ImageShape.grayscale(16, 12), data.shape());
        assertEquals(4, data.classes());
        assertEquals(List.of("0", "1", "2", "3"), data.train().classNames());
        assertEquals(20, data.test().size());
        assertEquals((3 * 7 + 5) & 0xff, data.train().pixel(3, 0, 5));
        assertEquals(data.train(), DataSource.of(dir, Optional.empty()).load().train(), "found as an IDX folder");
    }

    @Test
    void testFilesMayBeNamedTestAndClassesNamedInAFile(@TempDir Path dir) throws IOException {
        write(dir, "test", 9, 5, 5, 3, false);
        Files.writeString(dir.resolve("classes.txt"), "circle\nsquare\n\ntriangle\n");
        TrainTest data = IdxFolder.read(dir);
        assertEquals(List.of("circle", "square", "triangle"), data.test().classNames());
        Files.writeString(dir.resolve("classes.txt"), "circle\nsquare\n");
        DatasetException e = assertThrows(DatasetException.class, () -> IdxFolder.read(dir));
        assertTrue(e.getMessage().contains("names 2 classes but the labels hold 3"), e.getMessage());
    }

    @Test
    void aFolderWithoutTheFilesOrWithOneClassIsRefused(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("empty"));
        DatasetException missing = assertThrows(DatasetException.class, () -> IdxFolder.read(dir.resolve("empty")));
        assertTrue(missing.getMessage().contains("has no train-images-idx3-ubyte"), missing.getMessage());
        DatasetException oneClass = assertThrows(DatasetException.class,
                () -> IdxFolder.read(write(dir.resolve("one"), "t10k", 4, 3, 3, 1, false)));
        assertTrue(oneClass.getMessage().contains("at least two classes"), oneClass.getMessage());
    }

    @Test
    void everySourceResizesWhenAsked(@TempDir Path dir) throws IOException {
        write(dir, "t10k", 6, 8, 8, 2, false);
        TrainTest resized = DataSource.of(dir, Optional.of(new ImageSize(4, 6))).load();
        assertEquals(ImageShape.grayscale(4, 6), resized.shape());
        assertEquals(new ImageShape(1, 14, 14), new DataSource.Embedded(Optional.of(ImageSize.square(14))).load()
                .shape());
    }
}
