package org.nas4j.bench.command;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.nas4j.cli.ConfigFile;
import org.nas4j.cli.DataOptions;
import org.nas4j.cli.Flags;
import org.nas4j.cli.UserInputException;
import org.nas4j.cli.output.Json;
import org.nas4j.config.StudyConfig;
import org.nas4j.data.ImageDataset;
import org.nas4j.data.TrainTest;
import org.nas4j.djl.data.Batch;
import org.nas4j.djl.data.Batches;
import org.nas4j.djl.data.Normalization;
import org.nas4j.djl.data.TrainingData;
import org.nas4j.djl.engine.Engines;
import org.nas4j.djl.model.NetworkBuilder;
import org.nas4j.djl.model.NetworkOps;
import org.nas4j.djl.model.NetworkSettings;
import org.nas4j.djl.model.NetworkSpec;
import org.nas4j.djl.supernet.NamedOp;
import org.nas4j.djl.supernet.PathLayer;
import org.nas4j.djl.supernet.PathSampler;
import org.nas4j.djl.supernet.PathSampling;
import org.nas4j.djl.supernet.Supernet;
import org.nas4j.djl.supernet.SupernetSettings;
import org.nas4j.djl.supernet.SupernetSpace;
import org.nas4j.djl.supernet.SupernetTrainer;
import org.nas4j.djl.train.CandidateTrainer;
import org.nas4j.djl.train.TrainingSettings;
import org.nas4j.random.Rng;
import org.nas4j.search.Study;
import org.nas4j.stats.Summary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "epoch",
        mixinStandardHelpOptions = true,
        description = {"How fast nas4j trains for a whole epoch next to PyTorch from Python on this machine: one "
                + "epoch of the search split's training images, in turns, of (1) the config's latency reference "
                + "trained on its own with the config's recipe, as retrain trains it, and (2) the config's "
                + "supernet with one uniform path a step, PyTorch given nas4j's very sequence of paths; and, for "
                + "where an epoch's time goes, nas4j's batches made without training. Times run from the end of "
                + "the first step to the end of the last, in both; medians over --repeats turns and the ratio "
                + "nas4j / PyTorch."},
        footer = {"", "Examples:",
                "  ./nas4j bench epoch --data /usr/share/datasets/fashion-mnist",
                "  ./nas4j bench epoch --repeats 1 --no-peer"})
public final class EpochCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "One-shot config: its split, recipe, latency "
            + "reference (the stand-alone network) and supernet. Default: ${DEFAULT-VALUE}.")
    Path config = Path.of("examples", "fashion-mnist-one-shot.yaml");

    @Mixin
    DataOptions data;

    @Option(names = "--repeats", paramLabel = "N", description = "Turns of every case. Default: ${DEFAULT-VALUE}.")
    int repeats = 2;

    @Option(names = "--threads", paramLabel = "N", description = "Threads for PyTorch from Python (nas4j's "
            + "engine uses its own default). Default: the processors available (${DEFAULT-VALUE}).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--python", paramLabel = "CMD", description = "The Python with torch. Default: python3, or "
            + "/usr/bin/python3 when that one has no torch.")
    String python;

    @Option(names = "--no-peer", description = "Time nas4j alone, without PyTorch from Python.")
    boolean noPeer;

    @Option(names = "--paths", paramLabel = "N", description = "Paths of the supernet epoch whose supernet step is "
            + "timed beside their own network's training step (nas4j alone). Default: ${DEFAULT-VALUE}.")
    int paths = 5;

    @Option(names = "--json", description = "Print the medians as one JSON object.")
    boolean json;

    /** One path's supernet training step beside the training step of its own network, in milliseconds. */
    private record PathStep(String architecture, double supernetMs, double standAloneMs) {
        double ratio() {
            return supernetMs / standAloneMs;
        }
    }

    /** The median seconds of one case over the turns, and what it had per turn. */
    private record Case(String name, List<Double> nas4j, List<Double> pytorch, int steps) {
        double nas4jMedian() {
            return nas4j.isEmpty() ? Double.NaN : Summary.of(toArray(nas4j)).median();
        }

        double pytorchMedian() {
            return pytorch.isEmpty() ? Double.NaN : Summary.of(toArray(pytorch)).median();
        }

        private static double[] toArray(List<Double> values) {
            return values.stream().mapToDouble(Double::doubleValue).toArray();
        }
    }

    @Override
    public Integer call() throws Exception {
        Flags.requirePositive(spec, "--repeats", repeats);
        Flags.requirePositive(spec, "--threads", threads);
        Flags.requirePositive(spec, "--paths", paths);
        StudyConfig study = ConfigFile.read(config);
        if (!study.isOneShot() || study.constraints().relativeLatency().isEmpty()) {
            throw new UserInputException(config + " needs 'evaluator: supernet' and a latency reference "
                    + "(constraints.relative_latency.reference), such as examples/fashion-mnist-one-shot.yaml");
        }
        study = study.withData(data.applyTo(study.data()));
        TrainTest images = data.source(study.data()).load();
        NetworkSettings network = Study.network(study, images);
        TrainingData split = Study.searchData(study, images);
        // Scoring is not timed: a few validation images keep the stand-alone run's final evaluation short.
        TrainingData train = new TrainingData(split.train(), split.evaluation().proportionalSample(100, 1),
                split.normalization());
        NetworkSpec baseline = NetworkSpec.of(study.constraints().relativeLatency().orElseThrow().reference(),
                network);
        TrainingSettings recipe = study.training().withEpochs(1);
        SupernetSettings supernetSettings = study.supernet().orElseThrow().withSampling(PathSampling.UNIFORM, false)
                .withTraining(study.supernet().orElseThrow().training().withEpochs(1));
        long seed = study.study().seed();
        PrintWriter err = spec.commandLine().getErr();

        Case alone = new Case("stand-alone (latency reference), batch " + recipe.batchSize(), new ArrayList<>(),
                new ArrayList<>(), recipe.updatesPerEpoch(train.train().size()));
        Case shared = new Case("supernet, one uniform path a step, batch " + supernetSettings.training().batchSize(),
                new ArrayList<>(), new ArrayList<>(), train.train().size() / supernetSettings.training().batchSize());
        Case batches = new Case("nas4j batches alone (no training), batch " + recipe.batchSize(), new ArrayList<>(),
                List.of(), recipe.updatesPerEpoch(train.train().size()));
        List<PathStep> pathSteps = List.of();
        Path folder = Files.createTempDirectory("nas4j-epoch");
        PythonPeer peer = noPeer ? null : new PythonPeer(python != null ? List.of(python) : PythonPeer.DEFAULT_PYTHONS);
        try (NDManager manager = Engines.pytorch().newBaseManager();
             PythonPeer.Session session = peer == null ? null : startPeer(peer, train.train(), train.normalization(),
                     folder)) {
            SupernetSpace space = SupernetSpace.of(study.space(), network);
            ObjectNode aloneRequest = null;
            ObjectNode sharedRequest = null;
            if (session != null) {
                aloneRequest = request("standalone", train.train(), folder, recipe, seed);
                aloneRequest.set("network", PythonPeer.ops(NetworkOps.of(baseline)));
                sharedRequest = request("supernet", train.train(), folder, supernetSettings.training(), seed);
                exportSupernet(sharedRequest, space, supernetSettings, train.train().size(), seed, manager);
            }
            for (int r = 0; r < repeats; r++) {
                alone.nas4j().add(standAloneEpoch(baseline, recipe, train, seed));
                err.printf(Locale.ROOT, "turn %d: nas4j stand-alone %.1f s%n", r + 1, last(alone.nas4j()));
                if (session != null) {
                    alone.pytorch().add(session.request(aloneRequest).get("seconds_after_first_step").asDouble());
                    err.printf(Locale.ROOT, "turn %d: PyTorch stand-alone %.1f s%n", r + 1, last(alone.pytorch()));
                }
                shared.nas4j().add(supernetEpoch(space, supernetSettings, train, seed, manager));
                err.printf(Locale.ROOT, "turn %d: nas4j supernet %.1f s%n", r + 1, last(shared.nas4j()));
                if (session != null) {
                    shared.pytorch().add(session.request(sharedRequest).get("seconds_after_first_step").asDouble());
                    err.printf(Locale.ROOT, "turn %d: PyTorch supernet %.1f s%n", r + 1, last(shared.pytorch()));
                }
                batches.nas4j().add(batchesOnly(train, recipe.batchSize(), seed, manager));
                err.flush();
            }
            pathSteps = pathSteps(space, supernetSettings, seed, manager);
        } finally {
            try (var files = Files.list(folder)) {
                for (Path file : files.toList()) {
                    Files.deleteIfExists(file);
                }
            }
            Files.deleteIfExists(folder);
        }
        print(List.of(alone, shared, batches), pathSteps);
        return 0;
    }

    /**
     * The first {@code --paths} paths of the supernet epoch: each one's supernet step and its own network's
     * training step, timed in turn by the same rule.
     */
    private List<PathStep> pathSteps(SupernetSpace space, SupernetSettings settings, long seed, NDManager manager) {
        int batch = settings.training().batchSize();
        org.nas4j.bench.step.StepBenchmark bench = new org.nas4j.bench.step.StepBenchmark(batch, 5,
                org.nas4j.djl.profile.LatencyProfiler.MIN_RUNS);
        PathSampler sampler = new PathSampler(space, settings.sampling(), settings.randomPaths(),
                Rng.derive(seed, "supernet sampler"));
        NetworkSettings network = space.network();
        List<PathStep> result = new ArrayList<>();
        try (Supernet supernet = Supernet.create(space, settings.sharing(), manager, 1)) {
            for (int p = 0; p < paths; p++) {
                org.nas4j.space.Architecture path = sampler.paths(p).get(0);
                NetworkSpec spec = supernet.spec(path);
                double shared = bench.supernetStepMs(supernet, path, manager);
                double alone = bench.time(new org.nas4j.bench.step.StepBenchmark.Case("path " + p,
                        NetworkOps.of(spec), List.of(network.inputChannels(), network.imageHeight(),
                        network.imageWidth()), network.classes(), true), seed).trainMs();
                result.add(new PathStep(path.canonicalString(), shared, alone));
                logPath(p, shared, alone);
            }
        }
        return result;
    }

    private void logPath(int p, double shared, double alone) {
        PrintWriter err = spec.commandLine().getErr();
        err.printf(Locale.ROOT, "path %d: supernet step %.1f ms, its own network's step %.1f ms%n", p + 1, shared,
                alone);
        err.flush();
    }

    private static double last(List<Double> values) {
        return values.get(values.size() - 1);
    }

    /** The seconds from the end of the first update to the end of the last, as retrain trains the network. */
    private static double standAloneEpoch(NetworkSpec spec, TrainingSettings recipe, TrainingData data, long seed) {
        long[] marks = new long[2];
        try (Model model = Model.newInstance("epoch", Device.cpu())) {
            new CandidateTrainer(recipe).train(model, NetworkBuilder.build(spec), data, 1, seed, updates -> {
                if (updates == 1) {
                    marks[0] = System.nanoTime();
                }
                marks[1] = System.nanoTime();
            });
        }
        return (marks[1] - marks[0]) / 1e9;
    }

    /** The seconds from the end of the first step to the end of the last of one supernet epoch. */
    private static double supernetEpoch(SupernetSpace space, SupernetSettings settings, TrainingData data, long seed,
                                        NDManager manager) {
        long[] marks = new long[2];
        try (Supernet supernet = Supernet.create(space, settings.sharing(), manager, Rng.derive(seed, "weights"))) {
            new SupernetTrainer(settings, data, seed, Optional.empty(), "bench epoch").train(supernet, manager,
                    (done, total, loss) -> {
                        if (done == 1) {
                            marks[0] = System.nanoTime();
                        }
                        marks[1] = System.nanoTime();
                    });
        }
        return (marks[1] - marks[0]) / 1e9;
    }

    /** One epoch of training batches made and freed, nothing else: the data's share of an epoch. */
    private static double batchesOnly(TrainingData data, int batchSize, long seed, NDManager manager) {
        long start = System.nanoTime();
        for (Batch batch : Batches.of(data.train(), batchSize, seed, data.normalization()).epoch(manager, 0)) {
            batch.close();
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private PythonPeer.Session startPeer(PythonPeer peer, ImageDataset train, Normalization normalization,
                                         Path folder) throws IOException, InterruptedException {
        writeData(train, normalization, folder);
        return peer.start("epoch.py");
    }

    /** The training images normalized as nas4j feeds them, float32 N x C x H x W, and the labels as int64. */
    private static void writeData(ImageDataset train, Normalization normalization, Path folder) throws IOException {
        float[][] table = normalization.table();
        int plane = train.rows() * train.cols();
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(folder.resolve("images.f32")),
                1 << 20)) {
            ByteBuffer buffer = ByteBuffer.allocate(train.imageSize() * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            byte[] pixels = train.pixels();
            for (int i = 0; i < train.size(); i++) {
                buffer.clear();
                int in = i * train.imageSize();
                for (float[] channel : table) {
                    for (int p = 0; p < plane; p++) {
                        buffer.putFloat(channel[pixels[in++] & 0xff]);
                    }
                }
                out.write(buffer.array());
            }
        }
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
                Files.newOutputStream(folder.resolve("labels.i64"))))) {
            ByteBuffer buffer = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < train.size(); i++) {
                buffer.clear();
                buffer.putLong(train.label(i));
                out.write(buffer.array());
            }
        }
    }

    private ObjectNode request(String mode, ImageDataset train, Path folder, TrainingSettings recipe, long seed) {
        ObjectNode request = Json.object().put("mode", mode).put("threads", threads).put("seed", seed)
                .put("images", folder.resolve("images.f32").toString())
                .put("labels", folder.resolve("labels.i64").toString()).put("count", train.size())
                .put("batch", recipe.batchSize()).put("learning_rate", recipe.learningRate());
        request.putArray("shape").add(train.channels()).add(train.rows()).add(train.cols());
        return request;
    }

    /** The stored weights' shapes and, for every step of the epoch, the path nas4j's trainer takes. */
    private static void exportSupernet(ObjectNode request, SupernetSpace space, SupernetSettings settings, int images,
                                       long seed, NDManager manager) {
        try (Supernet supernet = Supernet.create(space, settings.sharing(), manager, 1)) {
            ObjectNode stored = request.putObject("stored");
            supernet.storedShapes().forEach((name, shape) -> {
                ArrayNode dims = stored.putArray(name);
                for (long d : shape.getShape()) {
                    dims.add(d);
                }
            });
            // The trainer's own sampler: the same seed derivation gives the same paths.
            PathSampler sampler = new PathSampler(space, settings.sampling(), settings.randomPaths(),
                    Rng.derive(seed, "supernet sampler"));
            ArrayNode paths = request.putArray("paths");
            int steps = images / settings.training().batchSize();
            for (int step = 0; step < steps; step++) {
                ArrayNode layers = paths.addArray();
                for (PathLayer layer : supernet.path(supernet.spec(sampler.paths(step).get(0)))) {
                    ObjectNode node = layers.addObject().put("residual", layer.residual());
                    ArrayNode ops = node.putArray("ops");
                    for (NamedOp op : layer.body()) {
                        ObjectNode o = (ObjectNode) PythonPeer.ops(List.of(op.op())).get(0);
                        o.put("name", op.name());
                        ArrayNode kernels = o.putArray("kernels");
                        op.kernels().forEach(kernels::add);
                        ops.add(o);
                    }
                }
            }
        }
    }

    private void print(List<Case> cases, List<PathStep> pathSteps) {
        PrintWriter out = spec.commandLine().getOut();
        double medianRatio = pathSteps.isEmpty() ? Double.NaN
                : Summary.of(pathSteps.stream().mapToDouble(PathStep::ratio).toArray()).median();
        if (json) {
            ObjectNode root = Json.object();
            ArrayNode rows = root.putArray("cases");
            for (Case c : cases) {
                rows.addObject().put("case", c.name()).put("steps", c.steps()).put("nas4j_s", c.nas4jMedian())
                        .put("pytorch_s", c.pytorchMedian()).put("ratio", c.nas4jMedian() / c.pytorchMedian());
            }
            ArrayNode steps = root.putArray("path_steps");
            for (PathStep p : pathSteps) {
                steps.addObject().put("arch", p.architecture()).put("supernet_ms", p.supernetMs())
                        .put("stand_alone_ms", p.standAloneMs()).put("ratio", p.ratio());
            }
            root.put("path_step_ratio_median", medianRatio);
            out.println(root);
            return;
        }
        out.printf("%-55s %6s %9s %10s %7s%n", "one epoch", "steps", "nas4j s", "PyTorch s", "ratio");
        for (Case c : cases) {
            out.printf(Locale.ROOT, "%-55s %6d %9.2f %10s %7s%n", c.name(), c.steps(), c.nas4jMedian(),
                    c.pytorch().isEmpty() ? "-" : String.format(Locale.ROOT, "%.2f", c.pytorchMedian()),
                    c.pytorch().isEmpty() ? "-" : String.format(Locale.ROOT, "%.2f", c.nas4jMedian()
                            / c.pytorchMedian()));
        }
        if (!pathSteps.isEmpty()) {
            out.printf(Locale.ROOT, "supernet step / its path's own training step, median over %d paths: %.2f (%s)%n",
                    pathSteps.size(), medianRatio, String.join(", ", pathSteps.stream().map(p -> String.format(
                            Locale.ROOT, "%.2f", p.ratio())).toList()));
        }
    }
}
