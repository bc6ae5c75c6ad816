package example;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.nas4j.config.StudyConfig;
import org.nas4j.data.DataSource;
import org.nas4j.djl.model.NetworkLayout;
import org.nas4j.djl.train.Evaluation;
import org.nas4j.djl.train.TrainingSettings;
import org.nas4j.search.DataSettings;
import org.nas4j.search.RetrainResult;
import org.nas4j.search.RetrainTarget;
import org.nas4j.search.SearchResult;
import org.nas4j.search.Study;
import org.nas4j.search.StudyListener;
import org.nas4j.search.StudySettings;
import org.nas4j.search.TrainedModel;
import org.nas4j.space.SearchSpace;
import org.nas4j.strategy.EvolutionSettings;
import org.nas4j.strategy.StrategySpec;
import org.nas4j.study.TrialResult;

/**
 * Searches a folder of images from Java, then loads the model it found and classifies with it.
 *
 * <pre>
 * java example.SearchYourImages [OUT [IMAGES]]
 * </pre>
 * OUT receives the study, the model and (without IMAGES) the images; default {@code runs/java-example}. IMAGES
 * holds {@code train/<class>/*.png|jpg} and {@code test/<class>/...}; without it, the example draws a folder of
 * striped 16 x 16 colour images in three classes into OUT/images first.
 */
public final class SearchYourImages {
    private SearchYourImages() {
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "runs/java-example");
        Path images = args.length > 1 ? Path.of(args[1]) : drawImages(out.resolve("images"));
        Files.createDirectories(out);

        // The space: two stages, each choosing its block, kernel and width; the network's stem and head are fixed.
        SearchSpace space = SearchSpace.builder()
                .decision("stage1.block", "conv", "dwsep")
                .decision("stage1.kernel", 3, 5)
                .decision("stage1.expansion", 1)
                .decision("stage1.se", 0)
                .decision("stage1.layers", 1, 2)
                .decision("stage1.filters", 8, 16)
                .decision("stage1.skip", "none", "identity").when("stage1.layers", 2)
                .decision("stage2.block", "conv", "mbconv")
                .decision("stage2.kernel", 3)
                .decision("stage2.expansion", 1, 3).when("stage2.block", "mbconv")
                .decision("stage2.se", 0, 0.25).when("stage2.block", "mbconv")
                .decision("stage2.layers", 1)
                .decision("stage2.filters", 16, 32)
                .decision("stage2.skip", "none")
                .build();
        StudyConfig config = StudyConfig.of("my-images", space)
                .withStudy(StudySettings.of("my-images", 1).withTrials(4))
                .withData(DataSettings.EMBEDDED.withDir(images))
                .withStrategy(new StrategySpec.Evolution(new EvolutionSettings(2, 2, true), List.of()))
                .withTraining(TrainingSettings.DEFAULT.withEpochs(2).withBatchSize(16))
                .withNetwork(new NetworkLayout(8, 3, 1, List.of(1, 2), 32));

        StudyListener progress = new StudyListener() {
            @Override
            public void trialFinished(TrialResult trial) {
                System.out.printf(Locale.ROOT, "trial %d: %s %s%n", trial.number(), trial.state(),
                        trial.metrics().map(m -> String.format(Locale.ROOT, "validation accuracy %.3f, %.2f ms",
                                m.accuracy(), m.latencyMs())).orElse(trial.error().orElse("")));
            }
        };
        Path model = out.resolve("model");
        try (Study study = Study.builder(config).storage(out.resolve("study.db")).listener(progress).build()) {
            SearchResult search = study.search();
            System.out.println("best: " + search.best().orElseThrow().architecture().canonicalString());
            RetrainResult retrained = study.retrain(RetrainTarget.best(), model);
            System.out.printf(Locale.ROOT, "retrained: test accuracy %.3f on %d images, saved in %s%n",
                    retrained.result().testAccuracy(), retrained.testImages(), model);
        }

        // Later, or in another program: load the model and use it.
        try (TrainedModel trained = TrainedModel.load(model)) {
            Evaluation test = trained.evaluate(DataSource.of(images, Optional.empty()).load().test());
            for (Evaluation.ClassAccuracy c : test.perClass()) {
                System.out.printf(Locale.ROOT, "  %-10s %.3f%n", c.name(), c.accuracy());
            }
            Path someImage;
            try (Stream<Path> files = Files.list(images.resolve("test").resolve(trained.input().classNames().get(0)))) {
                someImage = files.sorted().findFirst().orElseThrow();
            }
            System.out.println(someImage.getFileName() + " is a " + trained.classify(List.of(someImage)).get(0)
                    .className());
        }
    }

    /** Three classes of 16 x 16 colour images, horizontal, vertical and diagonal stripes, with noise. */
    static Path drawImages(Path dir) throws IOException {
        Random random = new Random(7);
        List<String> classes = List.of("horizontal", "vertical", "diagonal");
        for (String part : List.of("train", "test")) {
            for (int c = 0; c < classes.size(); c++) {
                Path folder = Files.createDirectories(dir.resolve(part).resolve(classes.get(c)));
                for (int i = 0; i < (part.equals("train") ? 60 : 20); i++) {
                    BufferedImage image = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
                    int phase = random.nextInt(4);
                    for (int y = 0; y < 16; y++) {
                        for (int x = 0; x < 16; x++) {
                            int along = c == 0 ? y : c == 1 ? x : x + y;
                            boolean stripe = (along + phase) % 4 < 2;
                            int value = (stripe ? 190 : 50) + random.nextInt(40);
                            image.setRGB(x, y, value << 16 | (255 - value) << 8 | random.nextInt(80));
                        }
                    }
                    ImageIO.write(image, "png", folder.resolve(i + ".png").toFile());
                }
            }
        }
        return dir;
    }
}
