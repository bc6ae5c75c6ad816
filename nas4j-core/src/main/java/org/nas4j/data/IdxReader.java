package org.nas4j.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files, the format of MNIST and Fashion-MNIST: a big-endian header (a magic number, then one 32-bit size
 * per dimension) followed by the data. Only unsigned-byte files are read: labels (magic 0x00000801, N) and
 * images (magic 0x00000803, N x rows x cols). A file may be gzipped or not, whatever its name says:
 * the gzip magic bytes decide.
 *
 * <p>A file must hold exactly what its header declares: fewer bytes is a truncated file and more bytes is an error
 * too (a file with trailing data is not one IDX file, e.g. two files concatenated or a header of the wrong count).
 */
public final class IdxReader {
    /** Unsigned bytes ({@code 0x08}), one dimension. */
    public static final int LABELS_MAGIC = 0x00000801;
    /** Unsigned bytes ({@code 0x08}), three dimensions. */
    public static final int IMAGES_MAGIC = 0x00000803;
    private static final int BUFFER = 1 << 16;

    private IdxReader() {
    }

    /** Images and labels read from the two files and paired: the counts must agree and every label be a class. */
    public static ImageDataset read(Path images, Path labels, int classes) {
        Images read = withFile(images, in -> readImages(in, images.toString()));
        byte[] labelBytes = readLabels(labels);
        return pair(read, images.toString(), labelBytes, labels.toString(), classes);
    }

    /** As {@link #read(Path, Path, int)}, from streams (which the caller closes) named in messages by source. */
    public static ImageDataset read(InputStream images, String imagesSource, InputStream labels, String labelsSource,
            int classes) throws IOException {
        Images read = readImages(images, imagesSource);
        byte[] labelBytes = readLabels(labels, labelsSource);
        return pair(read, imagesSource, labelBytes, labelsSource, classes);
    }

    private static ImageDataset pair(Images read, String imagesSource, byte[] labelBytes, String labelsSource,
            int classes) {
        if (labelBytes.length != read.count) {
            throw new DatasetException(labelsSource + " has " + labelBytes.length + " labels but " + imagesSource
                    + " has " + read.count + " images: the two files do not belong together");
        }
        for (int i = 0; i < labelBytes.length; i++) {
            if ((labelBytes[i] & 0xff) >= classes) {
                throw new DatasetException(labelsSource + ": label " + i + " is " + (labelBytes[i] & 0xff)
                        + ", outside the " + classes + " classes [0, " + (classes - 1) + "]");
            }
        }
        return ImageDataset.owning(read.pixels, labelBytes, ImageShape.grayscale(read.rows, read.cols),
                ImageDataset.numbered(classes));
    }

    /** The labels of a label file, one unsigned byte each. */
    public static byte[] readLabels(Path file) {
        return withFile(file, in -> readLabels(in, file.toString()));
    }

    /** The labels from a stream (closed by the caller), named in messages by source. */
    public static byte[] readLabels(InputStream raw, String source) throws IOException {
        InputStream in = ungzip(raw, source);
        int[] header = header(in, source, LABELS_MAGIC, "unsigned-byte labels, 1 dimension");
        return body(in, source, header[0], 1L, "labels");
    }

    /** An image file's contents; a plain holder (not a record, whose equals would compare the array by identity). */
    private static final class Images {
        final int count;
        final int rows;
        final int cols;
        final byte[] pixels;

        Images(int count, int rows, int cols, byte[] pixels) {
            this.count = count;
            this.rows = rows;
            this.cols = cols;
            this.pixels = pixels;
        }
    }

    private static Images readImages(InputStream raw, String source) throws IOException {
        InputStream in = ungzip(raw, source);
        int[] header = header(in, source, IMAGES_MAGIC, "unsigned-byte images, 3 dimensions");
        int count = header[0];
        int rows = header[1];
        int cols = header[2];
        if (rows == 0 || cols == 0) {
            throw new DatasetException(source + ": its header declares images of " + rows + "x" + cols
                    + " pixels; an image needs at least one row and one column");
        }
        byte[] pixels = body(in, source, count, (long) rows * cols, "images of " + rows + "x" + cols);
        return new Images(count, rows, cols, pixels);
    }

    /** The sizes after the magic number, which must be the expected one. */
    private static int[] header(InputStream in, String source, int expected, String expectedText)
            throws IOException {
        int dimensions = expected & 0xff;
        byte[] bytes = new byte[4 + 4 * dimensions];
        int n = readFully(in, bytes, 0, bytes.length, source);
        if (n >= 4) {
            int magic = bigEndian(bytes, 0);
            if (magic != expected) {
                throw new DatasetException(String.format(Locale.ROOT,
                        "%s: magic number 0x%08X, expected 0x%08X (%s); %s", source, magic, expected, expectedText,
                        describe(magic, expected)));
            }
        }
        if (n < bytes.length) {
            throw new DatasetException(source + " is truncated: " + (n == 0 ? "it is empty, " : "it has " + n
                    + " bytes, ") + "but an IDX header of " + dimensions + " dimension" + (dimensions == 1 ? "" : "s")
                    + " needs " + bytes.length);
        }
        int[] sizes = new int[dimensions];
        for (int d = 0; d < dimensions; d++) {
            sizes[d] = bigEndian(bytes, 4 + 4 * d);
            if (sizes[d] < 0) {
                throw new DatasetException(source + ": dimension " + (d + 1) + " of its header is "
                        + Integer.toUnsignedString(sizes[d]) + ", too large to be real; the file is corrupt");
            }
        }
        return sizes;
    }

    /** What a wrong magic number means, so the message says what to fix. */
    private static String describe(int magic, int expected) {
        if ((magic >>> 16) != 0) {
            return "this is not an IDX file (those start with two zero bytes) or a gzipped one";
        }
        if (magic == IMAGES_MAGIC || magic == LABELS_MAGIC) {
            return "this is " + (magic == IMAGES_MAGIC ? "an image" : "a label")
                    + " file: are the image and label files swapped?";
        }
        int type = (magic >>> 8) & 0xff;
        if (type != 0x08) {
            return String.format(Locale.ROOT, "this IDX file holds data of type 0x%02X, and only unsigned bytes "
                    + "(0x08) are read", type);
        }
        return "this IDX file has " + (magic & 0xff) + " dimensions, not " + (expected & 0xff);
    }

    /** Exactly count items of itemSize bytes each, and nothing after them. */
    private static byte[] body(InputStream in, String source, int count, long itemSize, String what)
            throws IOException {
        long total = count * itemSize;
        if (total > Integer.MAX_VALUE - 8) {
            throw new DatasetException(source + ": its header declares " + count + " " + what + ", " + total
                    + " bytes, more than one Java array holds (2^31 - 9); the file is corrupt or too large");
        }
        byte[] data = new byte[(int) total];
        int n = readFully(in, data, 0, data.length, source);
        if (n < data.length) {
            throw new DatasetException(source + " is truncated: its header declares " + count + " " + what + " ("
                    + total + " bytes of data) but the file holds " + n + " (" + n / itemSize + " complete)");
        }
        long extra = remaining(in, source);
        if (extra > 0) {
            throw new DatasetException(source + " has " + extra + " bytes after the " + count + " " + what
                    + " that its header declares: it is not a single IDX file (concatenated files, or a header of "
                    + "the wrong count)");
        }
        return data;
    }

    /** Reads until len bytes or the end. */
    private static int readFully(InputStream in, byte[] buffer, int offset, int len, String source)
            throws IOException {
        try {
            return in.readNBytes(buffer, offset, len);
        } catch (EOFException | ZipException e) {
            throw gzipError(source, e);
        }
    }

    /** How many bytes are left; reading to the end also checks a gzip file's checksum. */
    private static long remaining(InputStream in, String source) throws IOException {
        try {
            return in.transferTo(OutputStream.nullOutputStream());
        } catch (EOFException | ZipException e) {
            throw gzipError(source, e);
        }
    }

    private static DatasetException gzipError(String source, IOException e) {
        if (e instanceof EOFException) {
            return new DatasetException(source + " is truncated: its gzip stream ends early (" + e.getMessage()
                    + ")", e);
        }
        return new DatasetException(source + " is a corrupt gzip file: " + e.getMessage(), e);
    }

    private static int bigEndian(byte[] b, int at) {
        return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
    }

    private interface Reading<T> {
        T read(InputStream in) throws IOException;
    }

    private static <T> T withFile(Path file, Reading<T> reading) {
        try (InputStream in = Files.newInputStream(file)) {
            return reading.read(in);
        } catch (NoSuchFileException e) {
            throw new DatasetException(file + " does not exist", e);
        } catch (IOException e) {
            throw new DatasetException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Accepts gzip or plain data, whatever the file name says. */
    private static InputStream ungzip(InputStream raw, String source) throws IOException {
        PushbackInputStream in = new PushbackInputStream(new BufferedInputStream(raw, BUFFER), 2);
        byte[] magic = new byte[2];
        int n = in.readNBytes(magic, 0, 2);
        in.unread(magic, 0, n);
        boolean gzip = n == 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b;
        if (!gzip) {
            return in;
        }
        try {
            return new GZIPInputStream(in, BUFFER);
        } catch (ZipException | EOFException e) {
            throw new DatasetException(source + " starts like a gzip file but its gzip header is corrupt: "
                    + e.getMessage(), e);
        }
    }
}
