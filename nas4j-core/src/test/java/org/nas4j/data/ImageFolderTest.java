package org.nas4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderTest {

    /** Writes a solid image of this colour and size. */
    static void image(Path file, int width, int height, Color colour, String format) throws IOException {
        Files.createDirectories(file.getParent());
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                // A left-to-right ramp on top of the colour, so that resizing has something to interpolate.
                int shade = x * 40 / Math.max(1, width - 1);
                image.setRGB(x, y, new Color(Math.min(255, colour.getRed() + shade),
                        Math.min(255, colour.getGreen() + shade), Math.min(255, colour.getBlue() + shade)).getRGB());
            }
        }
        assertTrue(ImageIO.write(image, format, file.toFile()), "no writer for " + format);
    }

    /** Three colour classes, PNG and JPEG, 12 x 10: train 3 + 2 + 2 images, test 1 + 1 + 1. */
    static Path colourFolder(Path dir) throws IOException {
        Color[] colours = {new Color(200, 20, 20), new Color(20, 200, 20), new Color(20, 20, 200)};
        String[] names = {"red", "green", "blue"};
        int[] trainCounts = {3, 2, 2};
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < trainCounts[c]; i++) {
                image(dir.resolve("train").resolve(names[c]).resolve("img" + i + (i % 2 == 0 ? ".png" : ".jpg")),
                        12, 10, colours[c], i % 2 == 0 ? "png" : "jpg");
            }
            image(dir.resolve("test").resolve(names[c]).resolve("t.png"), 12, 10, colours[c], "png");
        }
        Files.writeString(dir.resolve("train").resolve("red").resolve("notes.txt"), "not an image: skipped");
        return dir;
    }

    @Test
    void readsColourImagesByClassInNameOrder(@TempDir Path dir) throws IOException {
        TrainTest data = ImageFolder.read(colourFolder(dir), Optional.empty());
        assertEquals(new ImageShape(3, 10, 12), data.shape());
        assertEquals(List.of("blue", "green", "red"), data.train().classNames(), "classes in name order");
        assertEquals(7, data.train().size());
        assertEquals(3, data.test().size());
        int[] counts = data.train().classCounts();
        assertEquals(List.of(2, 2, 3), List.of(counts[0], counts[1], counts[2]));
        int red = data.train().classNames().indexOf("red");
        int firstRed = 0;
        while (data.train().label(firstRed) != red) {
            firstRed++;
        }
        assertEquals(200, data.train().pixel(firstRed, 0, 0, 0), "the red channel of a red PNG");
        assertEquals(20, data.train().pixel(firstRed, 2, 0, 0), "its blue channel");
        assertEquals(data, ImageFolder.read(dir, Optional.empty()), "the same folder, the same dataset");
        assertEquals(data.train(), DataSource.of(dir, Optional.empty()).load().train(), "found as an image folder");
    }

    @Test
    void grayImagesStayOneChannelAndResizeToTheAskedSize(@TempDir Path dir) throws IOException {
        for (String part : List.of("train", "test")) {
            image(dir.resolve(part).resolve("dark").resolve("a.png"), 8, 8, new Color(30, 30, 30), "png");
            image(dir.resolve(part).resolve("light").resolve("a.png"), 16, 12, new Color(180, 180, 180), "png");
        }
        TrainTest data = ImageFolder.read(dir, Optional.of(ImageSize.square(6)));
        assertEquals(new ImageShape(1, 6, 6), data.shape());
        assertTrue(Math.abs(data.train().pixel(0, 0, 0) - 30) <= 2, "the dark image's left edge: "
                + data.train().pixel(0, 0, 0));
        assertTrue(data.train().pixel(1, 0, 5) > data.train().pixel(1, 0, 0), "the ramp survives the resize");
    }

    @Test
    void badFoldersGetErrorsThatNameTheFileAndSayWhatToDo(@TempDir Path dir) throws IOException {
        Path unreadable = colourFolder(dir.resolve("unreadable"));
        Files.writeString(unreadable.resolve("train/red/broken.png"), "not a PNG");
        assertMessage(unreadable, Optional.empty(), "broken.png cannot be decoded as an image");

        Path extraClass = colourFolder(dir.resolve("extra"));
        image(extraClass.resolve("test/purple/p.png"), 12, 10, Color.MAGENTA, "png");
        assertMessage(extraClass, Optional.empty(), "purple is a class that");

        Path oneClass = dir.resolve("one");
        image(oneClass.resolve("train/only/a.png"), 4, 4, Color.GRAY, "png");
        image(oneClass.resolve("test/only/a.png"), 4, 4, Color.GRAY, "png");
        assertMessage(oneClass, Optional.empty(), "a classifier needs at least two classes");

        Path mixed = colourFolder(dir.resolve("mixed"));
        image(mixed.resolve("train/green/wide.png"), 20, 10, Color.GREEN, "png");
        assertMessage(mixed, Optional.empty(), "images of mixed sizes need data.image_size");
        assertEquals(new ImageShape(3, 8, 8), ImageFolder.read(mixed, Optional.of(ImageSize.square(8))).shape(),
                "with an image size, mixed sizes are resized");

        Path noTest = dir.resolve("notest");
        image(noTest.resolve("train/a/a.png"), 4, 4, Color.GRAY, "png");
        assertMessage(noTest, Optional.empty(), "has no test/ folder");

        Path emptyClass = colourFolder(dir.resolve("empty"));
        Files.createDirectories(emptyClass.resolve("train/white"));
        assertMessage(emptyClass, Optional.empty(), "white holds no images");
    }

    private static void assertMessage(Path dir, Optional<ImageSize> size, String expected) {
        DatasetException e = assertThrows(DatasetException.class, () -> ImageFolder.read(dir, size));
        assertTrue(e.getMessage().contains(expected), () -> "expected '" + expected + "' in: " + e.getMessage());
    }

    @Test
    void filesToClassifyAreMadeToFitTheNetworksInput(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("x.png");
        BufferedImage red = new BufferedImage(20, 20, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 20; y++) {
            for (int x = 0; x < 20; x++) {
                red.setRGB(x, y, 0xff0000);
            }
        }
        assertTrue(ImageIO.write(red, "png", file.toFile()));
        ImageDataset gray = ImageFolder.decode(List.of(file), ImageShape.grayscale(5, 5), List.of("a", "b"));
        assertEquals(ImageShape.grayscale(5, 5), gray.shape());
        assertEquals(Math.round(0.299 * 255), gray.pixel(0, 0, 0), 1, "luma of pure red");
        ImageDataset rgb = ImageFolder.decode(List.of(file), new ImageShape(3, 4, 4), List.of("a", "b"));
        assertEquals(255, rgb.pixel(0, 0, 0, 0));
        assertEquals(0, rgb.pixel(0, 1, 0, 0));
    }
}
