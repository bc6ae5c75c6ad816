package org.nas4j.data;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Reads a folder of images laid out by class, the layout most image datasets ship in:
 * <pre>
 * DIR/train/&lt;class&gt;/*.png|jpg|jpeg|bmp|gif
 * DIR/test/&lt;class&gt;/...
 * </pre>
 * The classes are the sub-folders of {@code train}, in name order (label 0 is the first); {@code test} may lack a
 * class but not hold one that {@code train} lacks. Images are decoded by the JDK's ImageIO (PNG, JPEG, BMP, GIF),
 * kept as grayscale when every image is gray and as RGB otherwise (an alpha channel is dropped), and resized
 * bilinearly to {@code imageSize} when given; without it every image must have the same size. Files without an
 * image extension are skipped. Every error names the file or folder and says what to do.
 */
public final class ImageFolder {
    /** The file extensions read, in lower case. */
    public static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp", "gif");
    public static final String TRAIN = "train";
    public static final String TEST = "test";

    private ImageFolder() {
    }

    /** Whether {@code dir} looks like an image folder: it has a {@code train} sub-folder. */
    public static boolean looksLike(Path dir) {
        return Files.isDirectory(dir.resolve(TRAIN));
    }

    /** The training and test images of the folder, resized to {@code imageSize} when given. */
    public static TrainTest read(Path dir, Optional<ImageSize> imageSize) {
        if (!Files.isDirectory(dir)) {
            throw new DatasetException(dir + " is not a folder: give a folder holding train/<class>/ and "
                    + "test/<class>/ sub-folders of images");
        }
        Path train = dir.resolve(TRAIN);
        Path test = dir.resolve(TEST);
        for (Path part : List.of(train, test)) {
            if (!Files.isDirectory(part)) {
                throw new DatasetException(dir + " has no " + part.getFileName() + "/ folder: an image folder holds "
                        + "train/<class>/ and test/<class>/ sub-folders of images (" + String.join(", ",
                        EXTENSIONS.stream().sorted().toList()) + ")");
            }
        }
        List<String> classes = subfolders(train);
        if (classes.size() < 2) {
            throw new DatasetException(train + " has " + classes.size() + " class folder" + (classes.size() == 1
                    ? " " + classes : "s") + ": a classifier needs at least two classes, one sub-folder each");
        }
        for (String testClass : subfolders(test)) {
            if (!classes.contains(testClass)) {
                throw new DatasetException(test.resolve(testClass) + " is a class that " + train + " lacks (its "
                        + "classes are " + classes + "): add training images of it, or remove the folder");
            }
        }
        Decoded decodedTrain = decode(train, classes, imageSize, true);
        Decoded decodedTest = decode(test, classes, imageSize, false);
        if (decodedTrain.width != decodedTest.width || decodedTrain.height != decodedTest.height) {
            throw new DatasetException("the training images are " + decodedTrain.height + "x" + decodedTrain.width
                    + " but the test images are " + decodedTest.height + "x" + decodedTest.width + " ("
                    + decodedTest.firstFile + "): set data.image_size to resize them all to one size");
        }
        // One colour mode for both sets: RGB when any image of either is in colour.
        int channels = decodedTrain.colour || decodedTest.colour ? 3 : 1;
        return new TrainTest(decodedTrain.dataset(channels, classes), decodedTest.dataset(channels, classes));
    }

    /** The images of one part, as RGB planes, with their labels. */
    private static final class Decoded {
        final ByteArrayOutputStream rgb = new ByteArrayOutputStream();
        final ByteArrayOutputStream labels = new ByteArrayOutputStream();
        int height = -1;
        int width = -1;
        boolean colour;
        Path firstFile;

        ImageDataset dataset(int channels, List<String> classes) {
            byte[] all = rgb.toByteArray();
            byte[] labelBytes = labels.toByteArray();
            ImageShape shape = new ImageShape(channels, height, width);
            if (channels == 3) {
                return ImageDataset.owning(all, labelBytes, shape, classes);
            }
            // Gray images have three equal planes: keep the first.
            int plane = shape.plane();
            byte[] gray = new byte[labelBytes.length * plane];
            for (int i = 0; i < labelBytes.length; i++) {
                System.arraycopy(all, i * 3 * plane, gray, i * plane, plane);
            }
            return ImageDataset.owning(gray, labelBytes, shape, classes);
        }
    }

    private static Decoded decode(Path part, List<String> classes, Optional<ImageSize> imageSize, boolean training) {
        Decoded decoded = new Decoded();
        for (int label = 0; label < classes.size(); label++) {
            Path classDir = part.resolve(classes.get(label));
            if (!Files.isDirectory(classDir)) {
                continue;
            }
            List<Path> files = images(classDir);
            if (files.isEmpty() && training) {
                throw new DatasetException(classDir + " holds no images (" + String.join(", ",
                        EXTENSIONS.stream().sorted().toList()) + "): every class needs training images");
            }
            for (Path file : files) {
                BufferedImage image = readImage(file);
                ImageShape native3 = new ImageShape(3, image.getHeight(), image.getWidth());
                byte[] planes = planes(image);
                decoded.colour |= !isGray(planes, native3.plane());
                if (imageSize.isPresent()) {
                    planes = Resize.bilinear(planes, 0, native3, imageSize.get().height(), imageSize.get().width());
                    native3 = new ImageShape(3, imageSize.get().height(), imageSize.get().width());
                }
                if (decoded.firstFile == null) {
                    decoded.firstFile = file;
                    decoded.height = native3.height();
                    decoded.width = native3.width();
                } else if (decoded.height != native3.height() || decoded.width != native3.width()) {
                    throw new DatasetException(file + " is " + native3.height() + "x" + native3.width() + " but "
                            + decoded.firstFile + " is " + decoded.height + "x" + decoded.width + ": images of "
                            + "mixed sizes need data.image_size (e.g. 'image_size: 32'), to which all are resized");
                }
                decoded.rgb.writeBytes(planes);
                decoded.labels.write(label);
            }
        }
        if (decoded.firstFile == null) {
            throw new DatasetException(part + " holds no images in its class folders " + classes + ": put the "
                    + part.getFileName() + " images in " + part + "/<class>/");
        }
        return decoded;
    }

    /**
     * Images to classify, decoded and made to fit a network's input: converted to its channels (gray or RGB) and
     * resized to its size. The labels are all 0: these images have none.
     */
    public static ImageDataset decode(List<Path> files, ImageShape shape, List<String> classNames) {
        if (shape.channels() != 1 && shape.channels() != 3) {
            throw new DatasetException("images are decoded as gray (1 channel) or RGB (3), not " + shape.channels()
                    + " channels");
        }
        byte[] pixels = new byte[Math.multiplyExact(files.size(), shape.size())];
        for (int i = 0; i < files.size(); i++) {
            BufferedImage image = readImage(files.get(i));
            ImageShape rgb = new ImageShape(3, image.getHeight(), image.getWidth());
            byte[] planes = Resize.bilinear(planes(image), 0, rgb, shape.height(), shape.width());
            int plane = shape.plane();
            if (shape.channels() == 3) {
                System.arraycopy(planes, 0, pixels, i * shape.size(), shape.size());
            } else {
                // Luma (ITU-R BT.601), as most decoders turn colour into gray.
                for (int p = 0; p < plane; p++) {
                    double gray = 0.299 * (planes[p] & 0xff) + 0.587 * (planes[plane + p] & 0xff)
                            + 0.114 * (planes[2 * plane + p] & 0xff);
                    pixels[i * plane + p] = (byte) Math.round(gray);
                }
            }
        }
        return ImageDataset.owning(pixels, new byte[files.size()], shape, classNames);
    }

    /** The image files of a folder (not its sub-folders), in name order. */
    public static List<Path> imagesIn(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new DatasetException(dir + " is not a folder of images");
        }
        return images(dir);
    }

    private static List<String> subfolders(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(name -> !name.startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new DatasetException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    private static List<Path> images(Path classDir) {
        try (Stream<Path> entries = Files.list(classDir)) {
            return entries.filter(Files::isRegularFile).filter(ImageFolder::hasImageExtension).sorted().toList();
        } catch (IOException e) {
            throw new DatasetException("cannot list " + classDir + ": " + e.getMessage(), e);
        }
    }

    private static boolean hasImageExtension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    private static BufferedImage readImage(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            BufferedImage image = ImageIO.read(in);
            if (image == null) {
                throw new DatasetException(file + " cannot be decoded as an image (not a PNG, JPEG, BMP or GIF, or "
                        + "a corrupt one): replace or remove it");
            }
            return image;
        } catch (IOException | RuntimeException e) {
            if (e instanceof DatasetException known) {
                throw known;
            }
            throw new DatasetException(file + " cannot be read as an image (" + e.getMessage() + "): replace or "
                    + "remove it", e);
        }
    }

    /** The image as three planes, red, green and blue, each row-major. */
    private static byte[] planes(BufferedImage image) {
        int height = image.getHeight();
        int width = image.getWidth();
        int plane = height * width;
        int[] argb = image.getRGB(0, 0, width, height, null, 0, width);
        byte[] planes = new byte[3 * plane];
        for (int p = 0; p < plane; p++) {
            planes[p] = (byte) (argb[p] >> 16);
            planes[plane + p] = (byte) (argb[p] >> 8);
            planes[2 * plane + p] = (byte) argb[p];
        }
        return planes;
    }

    private static boolean isGray(byte[] planes, int plane) {
        for (int p = 0; p < plane; p++) {
            if (planes[p] != planes[plane + p] || planes[p] != planes[2 * plane + p]) {
                return false;
            }
        }
        return true;
    }
}
