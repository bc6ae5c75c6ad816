package org.nas4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.cli.Commands.Outcome;

/** search, retrain and predict on a folder of colour images of another size and classes than Fashion-MNIST. */
class ImageFolderSearchTest {

    /** Four classes of 20 x 14 colour PNGs: a bright quadrant on noise, a different quadrant per class. */
    static Path images(Path dir) throws Exception {
        SplittableRandom random = new SplittableRandom(11);
        List<String> classes = List.of("ne", "nw", "se", "sw");
        for (String part : List.of("train", "test")) {
            for (int c = 0; c < classes.size(); c++) {
                Path folder = Files.createDirectories(dir.resolve(part).resolve(classes.get(c)));
                for (int i = 0; i < (part.equals("train") ? 30 : 8); i++) {
                    BufferedImage image = new BufferedImage(20, 14, BufferedImage.TYPE_INT_RGB);
                    for (int y = 0; y < 14; y++) {
                        for (int x = 0; x < 20; x++) {
                            boolean lit = (x < 10) == (c % 2 == 1) && (y < 7) == (c < 2);
                            int v = (lit ? 180 : 20) + random.nextInt(60);
                            image.setRGB(x, y, v << 16 | random.nextInt(256) << 8 | v);
                        }
                    }
                    ImageIO.write(image, "png", folder.resolve(i + ".png").toFile());
                }
            }
        }
        return dir;
    }

    @Test
    void theImagesChosenForTheSearchAreTheStudysForRetrainAndPredict(@TempDir Path dir) throws Exception {
        Path data = images(dir.resolve("quadrants"));
        String config = Files.readString(Path.of("..", "examples", "image-folder.yaml"))
                .replace("  epochs: 6\n", "  epochs: 2\n").replace("  finalists: 2\n", "  finalists: 1\n");
        Path file = dir.resolve("study.yaml");
        Files.writeString(file, config);
        Path out = dir.resolve("study");
        Outcome search = Commands.run("search", file.toString(), "--data", data.toString(), "--image-size",
                "16", "--trials", "2", "--out", out.toString(), "--json");
        assertEquals(0, search.exitCode(), search.err());
        assertTrue(search.err().contains("candidates train on 108 images and are judged on 12 validation images"),
                search.err());
        Outcome other = Commands.run("search", file.toString(), "--data", dir.resolve("none").toString(),
                "--out", dir.resolve("x").toString());
        assertEquals(2, other.exitCode());
        assertTrue(other.err().contains("--data ") && other.err().contains("is not a folder"), other.err());

        // Without --data: the study remembers its images and their size.
        Outcome retrain = Commands.run("retrain", out.toString(), "--epochs", "2", "--json");
        assertEquals(0, retrain.exitCode(), retrain.err());
        assertTrue(retrain.err().contains("on 120 images of " + data), retrain.err());
        JsonNode model = new ObjectMapper().readTree(retrain.out().strip());
        Outcome predict = Commands.run("predict", out.resolve("model").toString(), "--json");
        assertEquals(0, predict.exitCode(), predict.err());
        JsonNode tested = new ObjectMapper().readTree(predict.out().strip());
        assertEquals(model.get("test_acc").asDouble(), tested.get("test_acc").asDouble(),
                "the model's own test images, resized to its input");
        assertEquals(32, tested.get("images").asInt());
        assertEquals(List.of("ne", "nw", "se", "sw"), List.of(tested.get("per_class").get(0).get("class").asText(),
                tested.get("per_class").get(1).get("class").asText(), tested.get("per_class").get(2).get("class")
                        .asText(), tested.get("per_class").get(3).get("class").asText()));
        Outcome classify = Commands.run("predict", out.resolve("model").toString(), "--images",
                data.resolve("test/ne/0.png").toString());
        assertEquals(0, classify.exitCode(), classify.err());
        assertTrue(classify.out().contains("0.png: "), classify.out());

        Outcome wrongData = Commands.run("predict", out.resolve("model").toString(), "--data",
                Path.of("..", "nas4j-core", "src", "main", "resources", "org", "nas4j", "data",
                        "fashion-mnist-sample").toString());
        assertEquals(2, wrongData.exitCode());
        assertTrue(wrongData.err().contains("the model takes 3x16x16 images of 4 classes"), wrongData.err());
    }
}
