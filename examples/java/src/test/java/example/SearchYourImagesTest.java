package example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.search.TrainedModel;

/** The example runs as a user would run it, and leaves a model that loads. */
class SearchYourImagesTest {

    @Test
    void theExampleSearchesItsImagesAndSavesAModelThatLoads(@TempDir Path dir) throws Exception {
        SearchYourImages.main(new String[] {dir.toString()});
        assertTrue(Files.isRegularFile(dir.resolve("study.db")));
        try (TrainedModel model = TrainedModel.load(dir.resolve("model"))) {
            assertEquals(List.of("diagonal", "horizontal", "vertical"), model.input().classNames());
            assertEquals(3, model.input().network().inputChannels(), "colour images");
            assertEquals(16, model.input().network().imageHeight());
            assertTrue(model.info().get("test_accuracy").asDouble() > 0.5,
                    "well above chance (1/3): " + model.info());
        }
    }
}
