package org.nas4j.cli.scale;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.nas4j.cli.ArchitectureArgument;
import org.nas4j.cli.ConfigFile;
import org.nas4j.cli.DataOptions;
import org.nas4j.cli.Flags;
import org.nas4j.cli.StudyFile;
import org.nas4j.cli.UserInputException;
import org.nas4j.cli.output.Json;
import org.nas4j.cli.output.Words;
import org.nas4j.cli.report.ReportCommand;
import org.nas4j.cli.report.ScalingCharts;
import org.nas4j.config.StudyConfig;
import org.nas4j.data.DataSource;
import org.nas4j.data.ImageSize;
import org.nas4j.data.TrainTest;
import org.nas4j.djl.model.SavedModel;
import org.nas4j.djl.profile.LatencySettings;
import org.nas4j.djl.train.Retrainer;
import org.nas4j.djl.train.TrainingSettings;
import org.nas4j.scale.CoefficientChoice;
import org.nas4j.scale.Coefficients;
import org.nas4j.scale.CompoundScaling;
import org.nas4j.scale.ScalingBase;
import org.nas4j.scale.ScalingResult;
import org.nas4j.scale.ScalingSettings;
import org.nas4j.scale.ScalingTable;
import org.nas4j.search.DataSettings;
import org.nas4j.search.Study;
import org.nas4j.search.TrainedModel;
import org.nas4j.store.SqliteStudyStorage;
import org.nas4j.study.FinalistChoice;
import org.nas4j.study.StudyStorage;
import org.nas4j.study.TrialResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "scale",
        mixinStandardHelpOptions = true,
        description = {"Grow a network into a family by compound scaling, as EfficientNet grew B0 into B1-B7: at "
                + "each phi the network is alpha^phi times deeper (layers per stage), beta^phi times wider "
                + "(channels, to multiples of 8) and takes images gamma^phi times larger (bilinear resizing), with "
                + "alpha x beta^2 x gamma^2 near 2 so that FLOPs about double per step. Beside it, depth, width and "
                + "resolution alone at the same FLOPs show which way of spending compute pays on these images.",
            "Every member trains from scratch with the base's recipe on all training images, for every seed, is "
                    + "tested, timed in turn with the base (batch 1) and saved as a model ('nas4j predict' works on "
                    + "it). Everything is recorded as it finishes in --out/study.db: run again to go on. Prints a "
                    + "table (or --json), and writes two plots and the report (--out/study.html)."},
        footer = {"", "Examples:",
                "  ./nas4j scale runs/fashion-mnist/model --phi 1,2",
                "  ./nas4j scale runs/fashion-mnist --grid --epochs 2 --data /usr/share/datasets/fashion-mnist",
                "  ./nas4j scale 'stage1.block=conv,...' --config examples/fashion-mnist.yaml --alpha 1.2 "
                        + "--beta 1.1 --gamma 1.15"})
public final class ScaleCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "BASE", description = "What to scale: a saved model's folder, a study (folder or "
            + "study.db: its best trial), or an architecture of the --config's space written as "
            + "'decision=value,...'.")
    String base;

    @Option(names = "--config", paramLabel = "FILE", description = "A study config: the space an architecture "
            + "BASE is of, and the recipe (training, retrain.epochs), latency settings, data and seed of the run. "
            + "Default: the study's own config; for a model, the recipe saved with it.")
    Path config;

    @Option(names = "--study", paramLabel = "NAME", description = "The study, when BASE's file holds several.")
    String studyName;

    @Option(names = "--phi", paramLabel = "N", split = ",", description = "The compound steps to scale to. "
            + "Default: 1,2,3.")
    List<Integer> phis = List.of(1, 2, 3);

    @Option(names = "--alpha", paramLabel = "A", description = "Depth coefficient (>= 1). Default: EfficientNet's "
            + "1.2 (with --beta 1.1, --gamma 1.15).")
    Double alpha;

    @Option(names = "--beta", paramLabel = "B", description = "Width coefficient (>= 1).")
    Double beta;

    @Option(names = "--gamma", paramLabel = "G", description = "Resolution coefficient (>= 1).")
    Double gamma;

    @Option(names = "--grid", description = "Pick alpha, beta and gamma by a grid search at phi = 1 instead: every "
            + "point with alpha x beta^2 x gamma^2 within a tenth of 2 trains for --grid-epochs on the training images "
            + "less a validation split, and the most accurate on validation is kept. EfficientNet's coefficients "
            + "are scaled beside it (E1, E2, ...).")
    boolean grid;

    @Option(names = "--grid-step", paramLabel = "S", description = "The grid's step in each coefficient. Default: "
            + "${DEFAULT-VALUE}.")
    double gridStep = 0.1;

    @Option(names = "--grid-epochs", paramLabel = "N", description = "Epochs each grid point trains. Default: the "
            + "recipe's (after --epochs).")
    Integer gridEpochs;

    @Option(names = "--single-phi", paramLabel = "N", split = ",", description = "The phis whose FLOPs the depth-, "
            + "width- and resolution-only members match (each among --phi; 0 for none). Default: 1,2 where "
            + "scaled.")
    List<Integer> singlePhis;

    @Option(names = "--seeds", paramLabel = "N", description = "Seeds every member trains with. Default: "
            + "${DEFAULT-VALUE}.")
    int seeds = 2;

    @Option(names = "--epochs", paramLabel = "N", description = "Train every member this many epochs instead of "
            + "the recipe's (a shorter recipe; the output says so).")
    Integer epochs;

    @Mixin
    DataOptions data;

    @Option(names = "--out", paramLabel = "DIR", description = "Folder for the study file, the models, the plots "
            + "and the report. Default: ${DEFAULT-VALUE}.")
    Path out = Path.of("runs", "scale");

    @Option(names = "--json", description = "Print the table as one JSON object.")
    boolean json;

    /**
     * What BASE gave: the base, its images (loaded at its input, and where they come from, to load them at another
     * size from the originals), and the recipe and settings the run uses.
     */
    private record Source(ScalingBase base, TrainTest images, DataSettings data, String imagesDescription,
                          TrainingSettings recipe,
                          String recipeOrigin, LatencySettings latency, double validationFraction, long seed) {
    }

    @Override
    public Integer call() {
        Flags.requirePositive(spec, "--seeds", seeds);
        Flags.requirePositiveIfGiven(spec, "--epochs", epochs);
        Flags.requirePositiveIfGiven(spec, "--grid-epochs", gridEpochs);
        boolean given = alpha != null || beta != null || gamma != null;
        if (grid && given) {
            throw new UserInputException("--grid picks alpha, beta and gamma: give either --grid or the "
                    + "coefficients, not both");
        }
        if (given && (alpha == null || beta == null || gamma == null)) {
            throw new UserInputException("give all three of --alpha, --beta and --gamma (EfficientNet's are 1.2, "
                    + "1.1 and 1.15), or none for those");
        }
        // Everything that can be checked without the images is checked first: a mistake costs no loading.
        List<Integer> singles = singlePhis != null ? singlePhis.stream().filter(p -> p != 0).toList()
                : phis.stream().filter(p -> p == 1 || p == 2).toList();
        ScalingSettings.checkPhis(phis, singles);
        Coefficients coefficients = given ? new Coefficients(alpha, beta, gamma) : Coefficients.EFFICIENTNET;
        if (grid) {
            Coefficients.grid(gridStep);
        }
        Source source = source();
        TrainingSettings recipe = epochs != null ? source.recipe().withEpochs(epochs) : source.recipe();
        CoefficientChoice choice = grid
                ? new CoefficientChoice.Grid(gridStep, gridEpochs != null ? gridEpochs : recipe.epochs())
                : new CoefficientChoice.Given(coefficients);
        // Latency at batch 1, as deployed one image at a time, whatever batch the base's study timed.
        LatencySettings latency = new LatencySettings(1, source.latency().warmup(), source.latency().runs());
        ScalingSettings settings = new ScalingSettings(phis, choice, grid, singles, seeds, recipe, latency,
                source.validationFraction(), source.seed());
        PrintWriter err = spec.commandLine().getErr();
        err.printf(Locale.ROOT, "scaling %s%n  %s%n  on %s; recipe: %s, %s%s, %s%n",
                source.base().origin(), source.base().architecture().canonicalString(), source.imagesDescription(),
                source.recipeOrigin(), Words.count(recipe.epochs(), "epoch"), epochs != null
                        && epochs != source.recipe().epochs() ? " (shortened from " + source.recipe().epochs() + ")"
                        : "", Words.count(seeds, "seed"));
        Path file = out.resolve(StudyFile.FILE_NAME);
        ScalingResult result;
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new UserInputException("cannot create " + out + ": " + e.getMessage() + "; choose another --out", e);
        }
        try (StudyStorage storage = SqliteStudyStorage.open(file)) {
            CompoundScaling.Images images = shape -> shape.equals(source.images().shape()) ? source.images()
                    : source.data().withImageSize(new ImageSize(shape.height(), shape.width())).source().load();
            result = new CompoundScaling(source.base(), images, settings, storage, "scaling",
                    out.resolve("models"), new ScalingProgress(err)).run();
        }
        List<ScalingTable.Line> lines = ScalingTable.of(result);
        print(result, lines);
        writePlots(lines, err);
        ReportCommand.write(file, "scaling", out.resolve("study.html"));
        return 0;
    }

    private Source source() {
        Path path = Path.of(base);
        if (Files.isRegularFile(path.resolve(SavedModel.DESCRIPTION))) {
            return fromModel(path);
        }
        if (Files.exists(path)) {
            return fromStudy(StudyFile.locate(path));
        }
        if (!base.contains("=")) {
            throw new UserInputException("BASE '" + base + "' is neither a saved model's folder, a study (folder or "
                    + "study.db) nor an architecture ('decision=value,...' with --config FILE for its space)");
        }
        if (config == null) {
            throw new UserInputException("an architecture BASE needs --config FILE: the study config whose space it "
                    + "is of, and whose recipe trains the members");
        }
        StudyConfig study = ConfigFile.read(config);
        return fromConfig(study, ArchitectureArgument.parse(study.space(), base), "architecture (" + config + ")",
                "the recipe of " + config);
    }

    private Source fromModel(Path dir) {
        try (TrainedModel model = TrainedModel.load(dir)) {
            ScalingBase scalingBase = ScalingBase.of(model, dir);
            DataSettings settings = data.applyTo(data.given() ? model.sizedForInput() : model.trainingData());
            DataSource images = data.source(settings);
            if (config != null) {
                StudyConfig study = ConfigFile.read(config);
                return new Source(scalingBase, images.load(), settings, images.describe(), recipe(study),
                        "the recipe of " + config, study.latency(), study.data().validationFraction(),
                        study.study().seed());
            }
            Optional<TrainingSettings> saved = Retrainer.recipe(model.info());
            TrainingSettings recipe = saved.orElse(TrainingSettings.DEFAULT.withEpochs(
                    Math.max(1, model.info().path("epochs").asInt(10))));
            return new Source(scalingBase, images.load(), settings, images.describe(), recipe, saved.isPresent()
                    ? "the model's own recipe" : "nas4j's default recipe (the model keeps none; --config FILE to "
                    + "give one)", LatencySettings.DEFAULT, DataSettings.EMBEDDED.validationFraction(),
                    model.info().path("seed").asLong(1));
        } catch (IllegalArgumentException e) {
            if (e instanceof org.nas4j.search.StudyException) {
                throw e;
            }
            throw new UserInputException(e.getMessage(), e);
        }
    }

    private Source fromStudy(Path file) {
        StudyConfig study;
        TrialResult best;
        String name;
        try (SqliteStudyStorage storage = StudyFile.openReadOnly(file)) {
            StudyStorage.StudyInfo info = StudyFile.choose(file, storage.studies(), studyName);
            name = info.name();
            if (ScalingTable.isScalingStudy(info.config())) {
                throw new UserInputException(file + " holds a scaling run, not a search: give the study, model or "
                        + "architecture it scaled");
            }
            study = StudyConfig.parseStored(info.config());
            List<TrialResult> completed = storage.trials(name, study.space()).stream()
                    .map(StudyStorage.StoredTrial::result).filter(TrialResult::isComplete).toList();
            if (completed.isEmpty()) {
                throw new UserInputException("study '" + name + "' in " + file + " has no completed trial to scale: "
                        + "search on, or give a model or architecture");
            }
            best = FinalistChoice.bestByReward(completed, 1).get(0);
        }
        if (config != null) {
            StudyConfig recipeConfig = ConfigFile.read(config);
            return fromConfig(recipeConfig, best.architecture(), "study " + file + ", trial " + best.number(),
                    "the recipe of " + config);
        }
        return fromConfig(study, best.architecture(), "study " + file + " ('" + name + "'), trial " + best.number()
                + " (its best)", "the study's recipe");
    }

    private Source fromConfig(StudyConfig study, org.nas4j.space.Architecture architecture, String origin,
                              String recipeOrigin) {
        DataSource images = data.source(study.data());
        TrainTest loaded = images.load();
        DataSettings settings = data.applyTo(study.data());
        ScalingBase scalingBase = new ScalingBase(architecture, Study.network(study, loaded), origin,
                images.folder());
        return new Source(scalingBase, loaded, settings, images.describe(), recipe(study), recipeOrigin,
                study.latency(),
                study.data().validationFraction(), study.study().seed());
    }

    /** A study's recipe for its retrained winner: the training section with retrain.epochs. */
    private static TrainingSettings recipe(StudyConfig study) {
        return study.training().withEpochs(study.retrain().epochs());
    }

    private void writePlots(List<ScalingTable.Line> lines, PrintWriter err) {
        if (lines.stream().noneMatch(l -> Double.isFinite(l.meanAccuracy()))) {
            err.println("no plots: no member trained (see the failures above)");
            return;
        }
        try {
            ScalingCharts.accuracyAgainstFlops(lines).writePng(out.resolve("scaling-flops.png"));
            ScalingCharts.accuracyAgainstLatency(lines).writePng(out.resolve("scaling-latency.png"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the plots in " + out + ": " + e.getMessage(), e);
        }
    }

    private void print(ScalingResult result, List<ScalingTable.Line> lines) {
        PrintWriter o = spec.commandLine().getOut();
        if (json) {
            ObjectNode node = Json.object();
            ObjectNode c = node.putObject("coefficients");
            c.put("alpha", result.coefficients().alpha());
            c.put("beta", result.coefficients().beta());
            c.put("gamma", result.coefficients().gamma());
            c.put("flops_factor", result.coefficients().flopsFactor());
            ArrayNode gridRows = node.putArray("grid");
            for (ScalingResult.GridPoint p : result.grid()) {
                ObjectNode row = gridRows.addObject();
                ArrayNode points = row.putArray("points");
                p.points().forEach(q -> points.add(q.toString()));
                row.put("flops", p.flops());
                number(row, "val_acc", p.validationAccuracy());
            }
            ArrayNode rows = node.putArray("members");
            for (ScalingTable.Line l : lines) {
                ObjectNode row = rows.addObject();
                row.put("name", l.name());
                row.put("way", l.way());
                row.put("phi", l.phi());
                row.put("d", l.depth());
                row.put("w", l.width());
                row.put("r", l.resolution());
                row.put("input", l.input());
                row.put("params", l.parameters());
                row.put("flops", l.flops());
                number(row, "latency_ms", l.latencyMs());
                number(row, "latency_ratio", l.latencyRatio());
                number(row, "test_acc", l.meanAccuracy());
                number(row, "test_acc_spread", l.spread());
                ArrayNode seedsNode = row.putArray("test_acc_seeds");
                l.accuracies().forEach(seedsNode::add);
                row.put("failed", l.failed());
                number(row, "acc_per_ms", l.accuracyPerMs());
            }
            node.put("out", out.toString());
            o.println(node);
            return;
        }
        if (!result.grid().isEmpty()) {
            o.println("grid at phi = 1 (validation accuracy):");
            for (ScalingResult.GridPoint p : result.grid()) {
                o.printf(Locale.ROOT, "  %-40s %7.2f MFLOPs  %s%n", p.points().get(0) + (p.points().size() > 1
                        ? " (+" + (p.points().size() - 1) + " alike)" : ""), p.flops() / 1e6,
                        Double.isFinite(p.validationAccuracy()) ? String.format(Locale.ROOT, "%.4f",
                                p.validationAccuracy()) : "failed");
            }
        }
        o.printf(Locale.ROOT, "coefficients: %s (alpha x beta^2 x gamma^2 = %.3f)%n", result.coefficients(),
                result.coefficients().flopsFactor());
        o.printf("%-4s %-38s %3s %6s %6s %6s %7s %10s %8s %10s %7s %8s %8s%n", "name", "way", "phi", "d", "w", "r",
                "input", "params", "MFLOPs", "latency ms", "x B0", "test acc", "spread");
        long baseFlops = lines.get(0).flops();
        for (ScalingTable.Line l : lines) {
            o.printf(Locale.ROOT, "%-4s %-38s %3d %6.3f %6.3f %6.3f %7s %,10d %8.2f %10.3f %7.3f %8s %8s%s%n",
                    l.name(), l.way(), l.phi(), l.depth(), l.width(), l.resolution(), l.input(), l.parameters(),
                    l.flops() / 1e6, l.latencyMs(), l.latencyRatio(), number(l.meanAccuracy()), number(l.spread()),
                    l.failed() > 0 ? "  (" + l.failed() + " failed)" : "");
        }
        o.printf(Locale.ROOT, "FLOPs against B0: %s%n", String.join(", ", lines.stream().skip(1)
                .map(l -> String.format(Locale.ROOT, "%s %.2fx", l.name(), (double) l.flops() / baseFlops)).toList()));
        o.printf("models in %s; plots %s and %s; report %s%n", out.resolve("models"), out.resolve("scaling-flops.png"),
                out.resolve("scaling-latency.png"), out.resolve("study.html"));
    }

    /** A measurement, or null where there is none (JSON has no NaN). */
    private static void number(ObjectNode node, String key, double value) {
        if (Double.isFinite(value)) {
            node.put(key, value);
        } else {
            node.putNull(key);
        }
    }

    private static String number(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.4f", value) : "-";
    }
}
