package org.nas4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.random.Rng;

class IdxReaderTest {

    /** Images of 3x4 with random pixels and labels 0, 1, 2, 0, 1, ... */
    static ImageDataset randomDataset(int count, int classes, long seed) {
        Rng rng = new Rng(seed);
        byte[] pixels = new byte[count * 12];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) rng.nextInt(256);
        }
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++) {
            labels[i] = (byte) (i % classes);
        }
        return new ImageDataset(pixels, labels, 3, 4, classes);
    }

    private static byte[] imageBytes(ImageDataset data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        IdxWriter.writeImages(data, out);
        return out.toByteArray();
    }

    private static byte[] labelBytes(ImageDataset data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        IdxWriter.writeLabels(data, out);
        return out.toByteArray();
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }

    private static ImageDataset read(byte[] images, byte[] labels, int classes) throws IOException {
        return IdxReader.read(new ByteArrayInputStream(images), "images.idx", new ByteArrayInputStream(labels),
                "labels.idx", classes);
    }

    @Test
    void writtenFilesReadBackPlainAndGzipped(@TempDir Path dir) {
        ImageDataset data = randomDataset(25, 10, 3);
        IdxWriter.write(data, dir.resolve("img"), dir.resolve("lab"));
        IdxWriter.write(data, dir.resolve("gz/img.gz"), dir.resolve("gz/lab.gz"));
        ImageDataset plain = IdxReader.read(dir.resolve("img"), dir.resolve("lab"), 10);
        ImageDataset gzipped = IdxReader.read(dir.resolve("gz/img.gz"), dir.resolve("gz/lab.gz"), 10);
        assertEquals(data, plain);
        assertEquals(data, gzipped);
        assertEquals(data.hashCode(), gzipped.hashCode());
        assertEquals(16 + 25 * 12, dir.resolve("img").toFile().length(), "header plus one byte per pixel");
        assertArrayEquals(data.labels(), IdxReader.readLabels(dir.resolve("gz/lab.gz")));
    }

    @Test
    void gzipIsDetectedByItsMagicBytesNotTheFileName(@TempDir Path dir) throws IOException {
        ImageDataset data = randomDataset(7, 3, 5);
        // A gzipped file without .gz and a plain file named .gz both read.
        Files.write(dir.resolve("images"), gzip(imageBytes(data)));
        Files.write(dir.resolve("labels.gz"), labelBytes(data));
        assertEquals(data, IdxReader.read(dir.resolve("images"), dir.resolve("labels.gz"), 3));
    }

    @Test
    void theSameDatasetAlwaysGivesTheSameGzippedBytes(@TempDir Path dir) throws IOException {
        ImageDataset data = randomDataset(40, 4, 9);
        IdxWriter.write(data, dir.resolve("a/i.gz"), dir.resolve("a/l.gz"));
        IdxWriter.write(data, dir.resolve("b/i.gz"), dir.resolve("b/l.gz"));
        assertArrayEquals(Files.readAllBytes(dir.resolve("a/i.gz")), Files.readAllBytes(dir.resolve("b/i.gz")));
    }

    @Test
    void wrongMagicNumberSaysWhichWasFoundAndWhichExpected() throws IOException {
        ImageDataset data = randomDataset(5, 3, 1);
        DatasetException swapped = assertThrows(DatasetException.class,
                () -> read(labelBytes(data), imageBytes(data), 3));
        assertTrue(swapped.getMessage().startsWith("images.idx: magic number 0x00000801, expected 0x00000803"),
                swapped.getMessage());
        assertTrue(swapped.getMessage().contains("swapped"), swapped.getMessage());

        byte[] floats = imageBytes(data);
        floats[2] = 0x0D; // IDX type code of float32
        DatasetException type = assertThrows(DatasetException.class, () -> read(floats, labelBytes(data), 3));
        assertTrue(type.getMessage().contains("magic number 0x00000D03, expected 0x00000803"), type.getMessage());
        assertTrue(type.getMessage().contains("type 0x0D"), type.getMessage());

        byte[] text = "hello, this is not an IDX file".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        DatasetException notIdx = assertThrows(DatasetException.class, () -> read(imageBytes(data), text, 3));
        assertTrue(notIdx.getMessage().startsWith("labels.idx: magic number 0x68656C6C, expected 0x00000801"),
                notIdx.getMessage());
        assertTrue(notIdx.getMessage().contains("not an IDX file"), notIdx.getMessage());
    }

    @Test
    void truncatedFilesAreErrorsThatNameTheFile() throws IOException {
        ImageDataset data = randomDataset(5, 3, 1);
        byte[] images = imageBytes(data);
        byte[] labels = labelBytes(data);

        byte[] shortPixels = Arrays.copyOf(images, images.length - 13);
        DatasetException body = assertThrows(DatasetException.class, () -> read(shortPixels, labels, 3));
        assertEquals("images.idx is truncated: its header declares 5 images of 3x4 (60 bytes of data) but the file "
                + "holds 47 (3 complete)", body.getMessage());

        byte[] shortHeader = Arrays.copyOf(labels, 6);
        DatasetException header = assertThrows(DatasetException.class, () -> read(images, shortHeader, 3));
        assertEquals("labels.idx is truncated: it has 6 bytes, but an IDX header of 1 dimension needs 8",
                header.getMessage());

        DatasetException empty = assertThrows(DatasetException.class, () -> read(new byte[0], labels, 3));
        assertTrue(empty.getMessage().startsWith("images.idx is truncated: it is empty"), empty.getMessage());

        byte[] gz = gzip(images);
        byte[] shortGzip = Arrays.copyOf(gz, gz.length / 2);
        DatasetException gzipped = assertThrows(DatasetException.class, () -> read(shortGzip, labels, 3));
        assertTrue(gzipped.getMessage().startsWith("images.idx is truncated"), gzipped.getMessage());
    }

    @Test
    void trailingDataIsRejected() throws IOException {
        ImageDataset data = randomDataset(5, 3, 1);
        byte[] labels = labelBytes(data);
        byte[] longer = Arrays.copyOf(labels, labels.length + 3);
        DatasetException e = assertThrows(DatasetException.class, () -> read(imageBytes(data), longer, 3));
        assertTrue(e.getMessage().startsWith("labels.idx has 3 bytes after the 5 labels that its header declares"),
                e.getMessage());
    }

    @Test
    void labelCountMustMatchImageCountAndLabelsMustBeClasses() throws IOException {
        ImageDataset five = randomDataset(5, 3, 1);
        ImageDataset six = randomDataset(6, 3, 1);
        DatasetException count = assertThrows(DatasetException.class,
                () -> read(imageBytes(five), labelBytes(six), 3));
        assertEquals("labels.idx has 6 labels but images.idx has 5 images: the two files do not belong together",
                count.getMessage());

        DatasetException label = assertThrows(DatasetException.class,
                () -> read(imageBytes(five), labelBytes(five), 2));
        assertEquals("labels.idx: label 2 is 2, outside the 2 classes [0, 1]", label.getMessage());
    }

    @Test
    void aMissingFileIsNamed(@TempDir Path dir) {
        DatasetException e = assertThrows(DatasetException.class,
                () -> IdxReader.read(dir.resolve("nope"), dir.resolve("nope2"), 10));
        assertEquals(dir.resolve("nope") + " does not exist", e.getMessage());
    }
}
