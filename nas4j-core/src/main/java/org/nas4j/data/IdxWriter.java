package org.nas4j.data;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Writes an {@link ImageDataset} as the two IDX files that {@link IdxReader} reads: images (magic 0x00000803) and
 * labels (0x00000801). A file whose name ends in {@code .gz} is gzipped at the highest compression level; the gzip
 * header carries no time stamp, so the same dataset always gives the same bytes.
 */
public final class IdxWriter {
    private static final int BUFFER = 1 << 16;

    private IdxWriter() {
    }

    /** Writes both files, creating their directories. */
    public static void write(ImageDataset data, Path images, Path labels) {
        write(images, out -> writeImages(data, out));
        write(labels, out -> writeLabels(data, out));
    }

    /** The image file's bytes, uncompressed, to a stream the caller closes. */
    public static void writeImages(ImageDataset data, OutputStream out) throws IOException {
        if (data.channels() != 1) {
            throw new DatasetException("IDX image files hold gray images; these have " + data.channels()
                    + " channels");
        }
        DataOutputStream header = new DataOutputStream(out);
        header.writeInt(IdxReader.IMAGES_MAGIC);
        header.writeInt(data.size());
        header.writeInt(data.rows());
        header.writeInt(data.cols());
        header.flush();
        out.write(data.pixels());
    }

    /** The label file's bytes, uncompressed, to a stream the caller closes. */
    public static void writeLabels(ImageDataset data, OutputStream out) throws IOException {
        DataOutputStream header = new DataOutputStream(out);
        header.writeInt(IdxReader.LABELS_MAGIC);
        header.writeInt(data.size());
        header.flush();
        out.write(data.labels());
    }

    private interface Writing {
        void write(OutputStream out) throws IOException;
    }

    private static void write(Path file, Writing writing) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try (OutputStream out = open(file)) {
                writing.write(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static OutputStream open(Path file) throws IOException {
        OutputStream raw = new BufferedOutputStream(Files.newOutputStream(file), BUFFER);
        if (!file.getFileName().toString().endsWith(".gz")) {
            return raw;
        }
        return new GZIPOutputStream(raw, BUFFER) {
            {
                def.setLevel(Deflater.BEST_COMPRESSION);
            }
        };
    }
}
