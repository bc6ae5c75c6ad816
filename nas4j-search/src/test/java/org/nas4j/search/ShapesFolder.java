package org.nas4j.search;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

/**
 * A small folder of colour PNG images in three classes that a network learns in an epoch: red horizontal stripes,
 * green vertical stripes and a blue checkerboard, each with noise. Not the size, channels or classes of
 * Fashion-MNIST, on purpose.
 */
final class ShapesFolder {
    static final List<String> CLASSES = List.of("checker", "horizontal", "vertical");
    static final int WIDTH = 12;
    static final int HEIGHT = 10;

    private ShapesFolder() {
    }

    static Path write(Path dir, int trainPerClass, int testPerClass, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        try {
            for (String part : List.of("train", "test")) {
                int count = part.equals("train") ? trainPerClass : testPerClass;
                for (String name : CLASSES) {
                    Path folder = Files.createDirectories(dir.resolve(part).resolve(name));
                    for (int i = 0; i < count; i++) {
                        ImageIO.write(image(name, random), "png", folder.resolve(i + ".png").toFile());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    private static BufferedImage image(String name, SplittableRandom random) {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        int phase = random.nextInt(2);
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                boolean on = switch (name) {
                    case "horizontal" -> (y + phase) % 2 == 0;
                    case "vertical" -> (x + phase) % 2 == 0;
                    default -> (x + y + phase) % 2 == 0;
                };
                int base = on ? 200 : 40;
                int noise = random.nextInt(40);
                int r = name.equals("horizontal") ? base : noise;
                int g = name.equals("vertical") ? base : noise;
                int b = name.equals("checker") ? base : noise;
                image.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return image;
    }
}
