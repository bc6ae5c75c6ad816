package org.nas4j.scale;

import ai.djl.Device;
import ai.djl.Model;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.nas4j.config.StudyConfig;
import org.nas4j.data.ImageDataset;
import org.nas4j.data.ImageShape;
import org.nas4j.data.Resize;
import org.nas4j.data.TrainTest;
import org.nas4j.djl.data.TrainingData;
import org.nas4j.djl.model.ModelCost;
import org.nas4j.djl.model.NetworkBuilder;
import org.nas4j.djl.model.NetworkSpec;
import org.nas4j.djl.model.SavedModel;
import org.nas4j.djl.model.Scaling;
import org.nas4j.djl.profile.LatencyProfiler;
import org.nas4j.djl.train.CandidateTrainer;
import org.nas4j.djl.train.Retrainer;
import org.nas4j.djl.train.TrainingSettings;
import org.nas4j.eval.Metrics;
import org.nas4j.random.Rng;
import org.nas4j.space.Architecture;
import org.nas4j.space.SearchSpace;
import org.nas4j.study.SearchLoop;
import org.nas4j.study.StudyStorage;
import org.nas4j.study.StudyStorage.StoredTrial;
import org.nas4j.study.TrialResult;

/**
 * Grows a base network into a family, as EfficientNet grew B0 into B1..B7: picks the compound coefficients (given,
 * or by a grid search at phi = 1), then trains every member of the {@link ScalingPlan} from scratch on all training
 * images with every seed, tests it, times it in turn with the base and saves it as a model.
 *
 * <p>Everything is recorded in a {@link StudyStorage} as it finishes: the grid in study {@code <name>-grid}, one trial
 * per network; the members in study {@code <name>}, one trial per member and seed (its one decision, {@code member},
 * names it). Run again with the same settings, it goes on where it stopped; with other settings, the storage
 * refuses the study. A training that diverges or fails is a FAILED trial, and the run goes on.
 *
 * <pre>
 * try (StudyStorage storage = SqliteStudyStorage.open(Path.of("runs/scale/study.db"))) {
 *     ScalingResult family = new CompoundScaling(base, images, settings, storage, "scaling",
 *             Path.of("runs/scale/models"), ScalingListener.SILENT).run();
 * }
 * </pre>
 */
public final class CompoundScaling {
    /** What the stored config of a scaling study says it is, so that a report tells it from a search. */
    public static final String KIND = "nas4j-scaling";
    /** Why a training is FAILED that a run stopped in the middle of; it trains again on the next run. */
    public static final String INTERRUPTED = "interrupted: the run stopped before this training finished";
    /**
     * Runs a training may stop before it is given up: one that stops its run every time (the system killing a
     * network too large for its memory) would otherwise be tried again on every run.
     */
    static final int MAX_INTERRUPTIONS = 3;
    /** Why a training that stopped its run {@link #MAX_INTERRUPTIONS} times is not tried again. */
    public static final String GAVE_UP = "stopped its run " + MAX_INTERRUPTIONS + " times while training, as when "
            + "the system kills a process out of memory: not tried again; scale to a smaller phi, or give the run "
            + "more memory and a new --out";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The run's images at a network's input shape. Made from the original images for each shape, as {@code predict}
     * makes them for a saved member, so that every member is trained and tested on what it will be given.
     */
    @FunctionalInterface
    public interface Images {
        TrainTest at(ImageShape shape);

        /** These images resized (bilinear) to each shape: right when they are the originals. */
        static Images resizing(TrainTest images) {
            return shape -> new TrainTest(Resize.bilinear(images.train(), shape.height(), shape.width()),
                    Resize.bilinear(images.test(), shape.height(), shape.width()));
        }
    }

    private final ScalingBase base;
    private final Images images;
    private final ScalingSettings settings;
    private final StudyStorage storage;
    private final String name;
    private final Path modelsDir;
    /** Members whose training stopped the run {@link #MAX_INTERRUPTIONS} times: not trained again. */
    private final java.util.Set<Architecture> givenUp = new java.util.HashSet<>();
    private final ScalingListener listener;
    /** The images at the input shape last used, and their training data for the grid and for the members. */
    private ImageShape shape;
    private TrainTest atShape;
    private final Map<String, TrainingData> data = new HashMap<>();

    /** A run on these images, resized for each member (they must be the originals, at the base's input). */
    public CompoundScaling(ScalingBase base, TrainTest images, ScalingSettings settings, StudyStorage storage,
                           String name, Path modelsDir, ScalingListener listener) {
        this(base, Images.resizing(images), settings, storage, name, modelsDir, listener);
    }

    public CompoundScaling(ScalingBase base, Images images, ScalingSettings settings, StudyStorage storage,
                           String name, Path modelsDir, ScalingListener listener) {
        this.base = Objects.requireNonNull(base, "base");
        this.images = Objects.requireNonNull(images, "images");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.storage = Objects.requireNonNull(storage, "storage");
        this.name = Objects.requireNonNull(name, "name");
        this.modelsDir = Objects.requireNonNull(modelsDir, "modelsDir");
        this.listener = Objects.requireNonNull(listener, "listener");
        TrainTest atBase = at(base.settings().input());
        if (!base.settings().fits(atBase.train()) || !base.settings().fits(atBase.test())) {
            throw new ScalingException("the base takes " + base.settings().input() + " images of "
                    + base.settings().classes() + " classes, but the data has " + atBase.shape() + " images of "
                    + atBase.classes() + ": give the images the base was found on");
        }
    }

    /** The seed every member trains with as its {@code k}-th: the same for every member, so they differ only by size. */
    public long trainingSeed(int k) {
        return Rng.derive(settings.seed(), "scaled training, seed " + k);
    }

    /** The seed every grid network trains with. */
    private long gridSeed() {
        return Rng.derive(settings.seed(), "scaling grid, training");
    }

    /** Picks the coefficients, trains every member with every seed, and returns what they measured. */
    public ScalingResult run() {
        List<ScalingResult.GridPoint> grid = List.of();
        Coefficients chosen;
        if (settings.coefficients() instanceof CoefficientChoice.Given given) {
            chosen = given.coefficients();
        } else {
            grid = grid((CoefficientChoice.Grid) settings.coefficients());
            chosen = mostAccurate(grid);
        }
        listener.coefficientsChosen(chosen);
        List<Member> members = ScalingPlan.members(base.network(), chosen, settings.phis(),
                settings.efficientNet(), settings.singlePhis());
        return new ScalingResult(chosen, grid, trainMembers(chosen, members));
    }

    // ---------------------------------------------------------------- the grid

    /** The grid's networks at phi = 1, each trained once (or read back from an earlier run). */
    private List<ScalingResult.GridPoint> grid(CoefficientChoice.Grid choice) {
        Map<NetworkSpec, List<Coefficients>> networks = new LinkedHashMap<>();
        for (Coefficients point : Coefficients.grid(choice.step())) {
            networks.computeIfAbsent(point.at(1).apply(base.network()), n -> new ArrayList<>()).add(point);
        }
        List<String> labels = networks.values().stream().map(points -> label(points.get(0))).toList();
        SearchSpace space = SearchSpace.builder().decision("network", labels.toArray()).build();
        String study = name + "-grid";
        ObjectNode config = JSON.createObjectNode();
        config.put("kind", KIND + "-grid");
        config.set("base", baseJson());
        config.put("step", choice.step());
        config.put("epochs", choice.epochs());
        config.set("recipe", Retrainer.recipeJson(settings.recipe().withEpochs(choice.epochs())));
        config.put("validation_fraction", settings.validationFraction());
        config.put("seed", gridSeed());
        ArrayNode rows = config.putArray("networks");
        networks.forEach((network, points) -> {
            ObjectNode row = rows.addObject();
            row.put("label", label(points.get(0)));
            ArrayNode same = row.putArray("points");
            points.forEach(p -> same.add(p.toString()));
            row.put("flops", ModelCost.of(network).flops());
        });
        Map<String, StoredTrial> done = open(study, config, space);
        TrainingSettings recipe = settings.recipe().withEpochs(choice.epochs());
        List<ScalingResult.GridPoint> points = new ArrayList<>();
        int index = 0;
        for (Map.Entry<NetworkSpec, List<Coefficients>> entry : networks.entrySet()) {
            index++;
            NetworkSpec network = entry.getKey();
            List<Coefficients> same = entry.getValue();
            Architecture architecture = space.parse("network=" + label(same.get(0)));
            String key = key(architecture, gridSeed());
            StoredTrial stored = done.get(key);
            if (stored == null) {
                TrainingData data = gridData(network.settings().input());
                listener.trainingStarting(String.format("grid %d/%d: %s", index, networks.size(), same.get(0)),
                        recipe.epochs(), recipe.epochs() * recipe.updatesPerEpoch(data.train().size()));
                stored = trainGridPoint(study, architecture, network, recipe, data);
            }
            ModelCost cost = ModelCost.of(network);
            double accuracy = stored.result().metrics().map(Metrics::accuracy).orElse(Double.NaN);
            ScalingResult.GridPoint point = new ScalingResult.GridPoint(same, cost.flops(),
                    accuracy, stored.seconds());
            listener.gridPointDone(point);
            points.add(point);
        }
        return points;
    }

    private StoredTrial trainGridPoint(String study, Architecture architecture, NetworkSpec network,
                                       TrainingSettings recipe, TrainingData data) {
        long seed = gridSeed();
        int number = storage.startTrial(study, architecture);
        long start = System.nanoTime();
        TrialResult result;
        try (Model model = Model.newInstance("grid", Device.cpu())) {
            int total = recipe.epochs() * recipe.updatesPerEpoch(data.train().size());
            CandidateTrainer.Result trained = new CandidateTrainer(recipe).train(model, NetworkBuilder.build(network),
                    data, recipe.epochs(), seed, updates -> listener.trainingProgress(updates, total));
            ModelCost cost = ModelCost.of(network);
            result = TrialResult.completed(number, architecture, new Metrics(trained.accuracy(), seconds(start),
                    Double.NaN, cost.parameters(), cost.flops(), Metrics.Method.TRAINED), trained.accuracy());
        } catch (RuntimeException e) {
            result = TrialResult.failed(number, architecture, failure(e));
        } catch (OutOfMemoryError e) {
            // Left RUNNING, it would train again (and run out again) on every run.
            result = TrialResult.failed(number, architecture, SearchLoop.outOfMemory(e));
        }
        return finish(study, result, seed, seconds(start));
    }

    /** The most accurate grid point on validation; of equals, the one with fewer FLOPs. */
    private static Coefficients mostAccurate(List<ScalingResult.GridPoint> grid) {
        return grid.stream().filter(p -> Double.isFinite(p.validationAccuracy()))
                .max(Comparator.comparingDouble(ScalingResult.GridPoint::validationAccuracy)
                        .thenComparing(Comparator.comparingLong(ScalingResult.GridPoint::flops).reversed()))
                .map(p -> p.points().get(0))
                .orElseThrow(() -> new ScalingException("every network of the grid failed to train (see the study's "
                        + "FAILED trials): lower the recipe's learning rate, or give --alpha, --beta and --gamma"));
    }

    private static String label(Coefficients point) {
        return "alpha" + Coefficients.trim(point.alpha()) + "-beta" + Coefficients.trim(point.beta()) + "-gamma"
                + Coefficients.trim(point.gamma());
    }

    // ---------------------------------------------------------------- the members

    private List<ScalingResult.Row> trainMembers(Coefficients chosen, List<Member> members) {
        SearchSpace space = memberSpace(members.stream().map(Member::name).toList());
        ObjectNode config = JSON.createObjectNode();
        config.put("kind", KIND);
        config.set("base", baseJson());
        ObjectNode coefficients = config.putObject("coefficients");
        coefficients.put("alpha", chosen.alpha());
        coefficients.put("beta", chosen.beta());
        coefficients.put("gamma", chosen.gamma());
        coefficients.put("from", settings.coefficients() instanceof CoefficientChoice.Grid ? "grid" : "given");
        config.set("recipe", Retrainer.recipeJson(settings.recipe()));
        ObjectNode latency = config.putObject("latency");
        latency.put("batch_size", settings.latency().batchSize());
        latency.put("warmup", settings.latency().warmup());
        latency.put("runs", settings.latency().runs());
        ArrayNode seeds = config.putArray("seeds");
        for (int k = 0; k < settings.seeds(); k++) {
            seeds.add(trainingSeed(k));
        }
        ArrayNode rows = config.putArray("members");
        for (Member member : members) {
            ObjectNode row = rows.addObject();
            row.put("name", member.name());
            row.put("way", member.way().name().toLowerCase(java.util.Locale.ROOT));
            row.put("phi", member.phi());
            row.put("depth", member.scaling().depth());
            row.put("width", member.scaling().width());
            row.put("resolution", member.scaling().resolution());
            ImageShape input = member.network().settings().input();
            row.put("input", input.height() + "x" + input.width());
            ModelCost cost = member.cost();
            row.put("parameters", cost.parameters());
            row.put("flops", cost.flops());
        }
        Map<String, StoredTrial> done = open(name, config, space);
        Retrainer retrainer = new Retrainer(base.settings(), settings.recipe(), settings.latency(),
                Optional.of(base.network()), base.dataFolder());
        List<ScalingResult.Row> results = new ArrayList<>();
        for (Member member : members) {
            Architecture architecture = space.parse("member=" + member.name());
            List<ScalingResult.Trained> trained = new ArrayList<>();
            for (int k = 0; k < settings.seeds(); k++) {
                long seed = trainingSeed(k);
                Path modelDir = modelsDir.resolve(modelName(member.name(), k));
                StoredTrial stored = done.get(key(architecture, seed));
                ScalingResult.Trained one;
                if (stored != null) {
                    one = readBack(stored, modelDir);
                } else if (givenUp.contains(architecture)) {
                    one = ScalingResult.Trained.failed(seed, GAVE_UP);
                } else {
                    TrainingData data = memberData(member.network().settings().input());
                    int total = settings.recipe().epochs() * settings.recipe().updatesPerEpoch(data.train().size());
                    listener.trainingStarting(member.name() + ", seed " + (k + 1) + " of " + settings.seeds(),
                            settings.recipe().epochs(), total);
                    one = trainMember(retrainer, member, architecture, seed, data, modelDir, total);
                }
                listener.memberDone(member, k, one);
                trained.add(one);
            }
            results.add(new ScalingResult.Row(member, trained));
        }
        return results;
    }

    private ScalingResult.Trained trainMember(Retrainer retrainer, Member member, Architecture architecture,
                                              long seed, TrainingData data, Path modelDir, int total) {
        int number = storage.startTrial(name, architecture);
        long start = System.nanoTime();
        TrialResult trial;
        ScalingResult.Trained trained;
        try {
            Retrainer.Result result = retrainer.retrain(base.architecture(), member.scaling(), data, seed, modelDir,
                    updates -> listener.trainingProgress(updates, total));
            LatencyProfiler.InTurn timed = result.besideReference().orElseThrow();
            trial = TrialResult.completed(number, architecture, new Metrics(result.testAccuracy(), result.seconds(),
                    timed.candidateMs(), result.parameters(), result.flops(), Metrics.Method.TRAINED),
                    result.testAccuracy());
            trained = new ScalingResult.Trained(seed, result.testAccuracy(), timed.candidateMs(), timed.referenceMs(),
                    result.seconds(), Optional.of(modelDir), Optional.empty());
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            String why = e instanceof OutOfMemoryError oom ? SearchLoop.outOfMemory(oom) : failure(e);
            trial = TrialResult.failed(number, architecture, why);
            trained = ScalingResult.Trained.failed(seed, why);
        }
        finish(name, trial, seed, seconds(start));
        return trained;
    }

    /** A member trained by an earlier run: its trial, and B0's latency beside it from the model it saved. */
    private static ScalingResult.Trained readBack(StoredTrial stored, Path modelDir) {
        TrialResult result = stored.result();
        if (!result.isComplete()) {
            return ScalingResult.Trained.failed(stored.seed(), result.error().orElse("failed"));
        }
        Metrics metrics = result.metrics().orElseThrow();
        double baseMs = baseLatencyMs(modelDir);
        return new ScalingResult.Trained(stored.seed(), metrics.accuracy(), metrics.latencyMs(), baseMs,
                stored.seconds(), Files.isDirectory(modelDir) ? Optional.of(modelDir) : Optional.empty(),
                Optional.empty());
    }

    /** The folder of a member's model trained with the {@code k}-th seed. */
    static String modelName(String member, int k) {
        return member + "-seed" + k;
    }

    /**
     * B0's latency timed in turn with the model saved in {@code modelDir}, from its description; NaN when the model
     * was moved or deleted (its row keeps its accuracy and latency, without the ratio to B0).
     */
    static double baseLatencyMs(Path modelDir) {
        try {
            JsonNode info = JSON.readTree(Files.readString(modelDir.resolve(SavedModel.DESCRIPTION))).path("info");
            return info.path("reference_latency_ms").asDouble(Double.NaN);
        } catch (IOException e) {
            return Double.NaN;
        }
    }

    /** The space of a scaling study's trials: one decision, {@code member}, whose options name the members. */
    static SearchSpace memberSpace(List<String> names) {
        return SearchSpace.builder().decision("member", names.toArray()).build();
    }

    // ---------------------------------------------------------------- storage and data

    /**
     * Opens (or creates) the study and returns its finished trials by architecture and seed; those a stopped run
     * left RUNNING, or marked interrupted, are left out so that they train again.
     */
    private Map<String, StoredTrial> open(String study, ObjectNode config, SearchSpace space) {
        String hash = StudyConfig.hash(config);
        if (storage.studies().stream().anyMatch(s -> s.name().equals(study) && !s.configHash().equals(hash))) {
            throw new ScalingException("the study file already holds a scaling run named '" + study + "' with "
                    + "other settings: give another output folder, or the same settings to go on with it");
        }
        storage.openStudy(study, hash, config.toPrettyString(), base.origin());
        storage.failRunning(study, INTERRUPTED);
        Map<String, StoredTrial> done = new HashMap<>();
        // An interrupted trial is stored without its seed, so interruptions are counted by member.
        Map<Architecture, Integer> interruptions = new HashMap<>();
        for (StoredTrial trial : storage.trials(study, space)) {
            if (ScalingTable.finished(trial.result())) {
                done.put(key(trial.result().architecture(), trial.seed()), trial);
            } else if (interruptions.merge(trial.result().architecture(), 1, Integer::sum) >= MAX_INTERRUPTIONS) {
                givenUp.add(trial.result().architecture());
            }
        }
        return done;
    }

    private StoredTrial finish(String study, TrialResult result, long seed, double seconds) {
        storage.finishTrial(study, result, seed, seconds, JSON.createObjectNode(), Optional.empty());
        return new StoredTrial(result, seed, seconds, Optional.empty());
    }

    private static String key(Architecture architecture, long seed) {
        return architecture.canonicalString() + "#" + seed;
    }

    /** The images at {@code shape}, loaded once per shape in a row. */
    private TrainTest at(ImageShape wanted) {
        if (!wanted.equals(shape)) {
            data.clear();
            atShape = images.at(wanted);
            shape = wanted;
        }
        return atShape;
    }

    /** The grid's split at {@code shape}: the same images for every shape (the split follows labels and seed). */
    private TrainingData gridData(ImageShape wanted) {
        TrainTest all = at(wanted);
        return data.computeIfAbsent("grid", k -> {
            ImageDataset.Split split = all.train().split(settings.validationFraction(),
                    Rng.derive(settings.seed(), "scaling grid, validation split"));
            return TrainingData.of(split.train(), split.validation());
        });
    }

    /** All training images and the test images at {@code shape}, with the training images' normalization. */
    private TrainingData memberData(ImageShape wanted) {
        TrainTest all = at(wanted);
        return data.computeIfAbsent("members", k -> TrainingData.of(all.train(), all.test()));
    }

    /** The base as the stored config names it: what it is, not where it was read from (that is provenance). */
    private ObjectNode baseJson() {
        ObjectNode node = JSON.createObjectNode();
        node.put("architecture", base.architecture().canonicalString());
        node.put("input", base.settings().input().toString());
        node.put("classes", base.settings().classes());
        return node;
    }

    private static String failure(Throwable e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
