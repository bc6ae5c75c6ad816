package org.nas4j.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.nas4j.data.ImageSize;
import org.nas4j.djl.model.NetworkLayout;
import org.nas4j.djl.profile.LatencySettings;
import org.nas4j.djl.supernet.EnasSettings;
import org.nas4j.djl.supernet.PathSampling;
import org.nas4j.djl.supernet.Sharing;
import org.nas4j.djl.supernet.SupernetSettings;
import org.nas4j.djl.train.Constraints;
import org.nas4j.djl.train.Constraints.RelativeLatency;
import org.nas4j.djl.train.OptimizerKind;
import org.nas4j.djl.train.ScheduleKind;
import org.nas4j.djl.train.TrainingSettings;
import org.nas4j.prune.Asha;
import org.nas4j.prune.Hyperband;
import org.nas4j.prune.MedianRule;
import org.nas4j.prune.Pruner;
import org.nas4j.prune.Pruning;
import org.nas4j.prune.SuccessiveHalving;
import org.nas4j.reward.AbsoluteReward;
import org.nas4j.reward.MnasReward;
import org.nas4j.reward.Reward;
import org.nas4j.reward.WeightedReward;
import org.nas4j.search.DataSettings;
import org.nas4j.search.RetrainSettings;
import org.nas4j.search.StudySettings;
import org.nas4j.search.TabularSettings;
import org.nas4j.search.WorkerSettings;
import org.nas4j.space.Architecture;
import org.nas4j.space.SearchSpace;
import org.nas4j.space.SearchSpaceException;
import org.nas4j.space.SearchSpaceYaml;
import org.nas4j.strategy.EvolutionSettings;
import org.nas4j.strategy.StrategySpec;
import org.nas4j.strategy.model.ModelBased;
import org.nas4j.strategy.model.ModelSettings;
import org.nas4j.strategy.reinforce.AdamSettings;
import org.nas4j.strategy.reinforce.PolicySpec;
import org.nas4j.strategy.reinforce.ReinforceSettings;
import org.nas4j.study.StudyWorker;

/**
 * A study: what to search, how to train and measure candidates, how to reward them and when to stop. Every part is
 * a typed settings record of the code that uses it; {@link #parse} maps a YAML config onto them (unknown keys and
 * bad values are errors that name the key) and {@link #toYaml} writes one back, so a study built in Java is stored,
 * like one read from a file, as a config that {@code report} and {@code retrain} read again.
 *
 * @param hash a digest of the config, stored with the study so that it is resumed only with the same settings
 */
public record StudyConfig(StudySettings study, DataSettings data, StrategySpec strategy, TrainingSettings training,
                          LatencySettings latency, Reward reward, Constraints constraints, RetrainSettings retrain,
                          NetworkLayout network, Optional<SupernetSettings> supernet,
                          Optional<TabularSettings> tabular, WorkerSettings workers, Optional<Pruner> pruner,
                          SearchSpace space,
                          String hash) {

    /** The names configs give the strategies. */
    public static final List<String> STRATEGY_KINDS = List.of("random", "evolution", "reinforce", "reinforce-lstm",
            ModelBased.KIND);
    /** How candidates are evaluated: each trained on its own, or scored on one trained supernet. */
    public static final List<String> EVALUATOR_KINDS = List.of("train", "supernet", "tabular");
    /** Top-level keys that say where and how workers run a study, not what the study is: left out of its hash. */
    private static final List<String> DEPLOYMENT_KEYS = List.of("storage", "workers");
    /** The names configs give the rewards. */
    public static final List<String> REWARD_KINDS = List.of("accuracy", "weighted", "mnas", "abs");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));

    public StudyConfig {
        Objects.requireNonNull(study, "study");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(training, "training");
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(reward, "reward");
        Objects.requireNonNull(constraints, "constraints");
        Objects.requireNonNull(retrain, "retrain");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(supernet, "supernet");
        Objects.requireNonNull(tabular, "tabular");
        Objects.requireNonNull(workers, "workers");
        if (supernet.isPresent() && tabular.isPresent()) {
            throw new IllegalArgumentException("candidates are scored on a supernet or looked up in a table, not both");
        }
        Objects.requireNonNull(pruner, "pruner");
        pruner.ifPresent(rule -> {
            if (supernet.isPresent() || tabular.isPresent()) {
                throw new IllegalArgumentException(prunerWithoutEpochs(supernet.isPresent() ? "supernet"
                        : "tabular (" + tabular.get().benchmark() + ")"));
            }
            rule.checkEpochs(training.epochs());
        });
        Objects.requireNonNull(space, "space");
        Objects.requireNonNull(hash, "hash");
    }

    private static String prunerWithoutEpochs(String evaluator) {
        return "pruner: stops a trial between the epochs of its training, but 'evaluator: " + evaluator + "' "
                + "gives no value per epoch; remove the pruner, or use 'evaluator: train'";
    }

    /**
     * A study of {@code space} with every other setting at its default, as a YAML config that gives only its name
     * and space has them; change them with the {@code with} methods.
     */
    public static StudyConfig of(String name, SearchSpace space) {
        return new StudyConfig(StudySettings.of(name, 1), DataSettings.EMBEDDED,
                StrategySpec.Reinforce.defaults(new PolicySpec.Factorized()), TrainingSettings.DEFAULT,
                LatencySettings.DEFAULT, Reward.accuracy(), Constraints.NONE, RetrainSettings.DEFAULT,
                NetworkLayout.DEFAULT, Optional.empty(), Optional.empty(), WorkerSettings.DEFAULT, Optional.empty(), space, "")
                .rehashed();
    }

    public StudyConfig withStudy(StudySettings settings) {
        return new StudyConfig(settings, data, strategy, training, latency, reward, constraints, retrain, network,
                supernet, tabular, workers, pruner, space, hash).rehashed();
    }

    public StudyConfig withData(DataSettings settings) {
        return new StudyConfig(study, settings, strategy, training, latency, reward, constraints, retrain, network,
                supernet, tabular, workers, pruner, space, hash).rehashed();
    }

    public StudyConfig withStrategy(StrategySpec spec) {
        return new StudyConfig(study, data, spec, training, latency, reward, constraints, retrain, network, supernet,
                tabular, workers, pruner, space, hash).rehashed();
    }

    public StudyConfig withTraining(TrainingSettings settings) {
        return new StudyConfig(study, data, strategy, settings, latency, reward, constraints, retrain, network,
                supernet, tabular, workers, pruner, space, hash).rehashed();
    }

    public StudyConfig withLatency(LatencySettings settings) {
        return new StudyConfig(study, data, strategy, training, settings, reward, constraints, retrain, network,
                supernet, tabular, workers, pruner, space, hash).rehashed();
    }

    public StudyConfig withReward(Reward kind) {
        return new StudyConfig(study, data, strategy, training, latency, kind, constraints, retrain, network,
                supernet, tabular, workers, pruner, space,
                hash).rehashed();
    }

    public StudyConfig withConstraints(Constraints limits) {
        return new StudyConfig(study, data, strategy, training, latency, reward, limits, retrain, network, supernet,
                tabular, workers, pruner, space, hash).rehashed();
    }

    public StudyConfig withRetrain(RetrainSettings settings) {
        return new StudyConfig(study, data, strategy, training, latency, reward, constraints, settings, network,
                supernet, tabular, workers, pruner, space, hash).rehashed();
    }

    public StudyConfig withNetwork(NetworkLayout layout) {
        return new StudyConfig(study, data, strategy, training, latency, reward, constraints, retrain, layout,
                supernet, tabular, workers, pruner, space,
                hash).rehashed();
    }

    /** Scores candidates on a supernet trained with these settings instead of training each; empty to train each. */
    public StudyConfig withSupernet(Optional<SupernetSettings> settings) {
        return new StudyConfig(study, data, strategy, training, latency, reward, constraints, retrain, network,
                settings, tabular, workers, pruner, space, hash).rehashed();
    }

    /** Looks candidates up in a benchmark table instead of training each; empty to train each. */
    public StudyConfig withTabular(Optional<TabularSettings> settings) {
        return new StudyConfig(study, data, strategy, training, latency, reward, constraints, retrain, network,
                supernet, settings, workers, pruner, space, hash).rehashed();
    }

    /** Where workers find the study and how they watch each other; the study's hash does not change. */
    public StudyConfig withWorkers(WorkerSettings settings) {
        return new StudyConfig(study, data, strategy, training, latency, reward, constraints, retrain, network,
                supernet, tabular, settings, pruner, space, hash).rehashed();
    }

    /** Stops trials early by this rule (checked against the training's epochs); empty to train every one out. */
    public StudyConfig withPruner(Optional<Pruner> rule) {
        return new StudyConfig(study, data, strategy, training, latency, reward, constraints, retrain, network,
                supernet, tabular, workers, rule, space, hash).rehashed();
    }

    /** The study's pruning, its rule with the epochs its trials train; empty when trials are not stopped early. */
    public Optional<Pruning> pruning() {
        return pruner.map(rule -> new Pruning(rule, training.epochs()));
    }

    /** Whether candidates are looked up in a benchmark table ({@code evaluator: tabular}). */
    public boolean isTabular() {
        return tabular.isPresent();
    }

    /** Whether candidates are scored on a supernet ({@code evaluator: supernet}) rather than each trained. */
    public boolean isOneShot() {
        return supernet.isPresent();
    }

    /** The same settings with the hash of their YAML form, for a config made or changed in code. */
    private StudyConfig rehashed() {
        return new StudyConfig(study, data, strategy, training, latency, reward, constraints, retrain, network,
                supernet, tabular, workers, pruner, space, identityHash(toTree()));
    }

    // ---------------------------------------------------------------- reading

    public static StudyConfig read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException("config file " + file + " does not exist");
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage(), e);
        }
        try {
            return parse(text);
        } catch (ConfigException | SearchSpaceException e) {
            throw new ConfigException(file + ": " + e.getMessage(), e);
        }
    }

    public static StudyConfig parse(String yaml) {
        return parse(yaml, false);
    }

    /**
     * A config stored with a study, as {@code report} and {@code retrain} read it back: checked as strictly as when
     * the study started, but keys that this version does not read (those of other strategy kinds, which earlier
     * versions allowed, or {@code data.embedded_sample}) are ignored, so that older studies still open.
     */
    public static StudyConfig parseStored(String yaml) {
        return parse(yaml, true);
    }

    private static StudyConfig parse(String yaml, boolean lenient) {
        JsonNode tree;
        try {
            tree = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new ConfigException("malformed YAML: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"), e);
        }
        ConfigSection root = ConfigSection.root(tree, lenient).allow(Set.of("study", "data", "space", "strategy",
                "training", "latency", "reward", "constraints", "retrain", "network", "evaluator", "supernet",
                "tabular", "storage", "workers", "pruner"));
        JsonNode spaceNode = root.raw("space").orElseThrow(() -> new ConfigException(
                "the config needs a 'space:' section with the decisions to search"));
        SearchSpace space;
        try {
            space = SearchSpaceYaml.fromNode(spaceNode);
        } catch (SearchSpaceException e) {
            throw new ConfigException("space: " + e.getMessage(), e);
        }
        TrainingSettings training = training(root.section("training"));
        String evaluator = root.choice("evaluator", "train", EVALUATOR_KINDS);
        if (evaluator.equals("train") && root.has("supernet")) {
            throw new ConfigException("the config has a 'supernet:' section but trains every candidate; set "
                    + "'evaluator: supernet' to score candidates on a supernet, or remove the section");
        }
        Optional<SupernetSettings> supernet = evaluator.equals("supernet")
                ? Optional.of(supernet(root.section("supernet"), training)) : Optional.empty();
        if (!evaluator.equals("tabular") && root.has("tabular")) {
            throw new ConfigException("the config has a 'tabular:' section but does not look candidates up; set "
                    + "'evaluator: tabular' to look them up in the table, or remove the section");
        }
        Optional<TabularSettings> tabular = evaluator.equals("tabular")
                ? Optional.of(tabular(root.section("tabular"))) : Optional.empty();
        // Read in the file's order, so that the first bad key is the one reported.
        StudySettings study = study(root.section("study"));
        DataSettings data = data(root.section("data"));
        StrategySpec strategy = strategy(root.section("strategy"), space);
        LatencySettings latency = latency(root.section("latency"));
        Reward reward = reward(root.section("reward"));
        Constraints constraints = constraints(root.section("constraints"), space);
        if (tabular.isPresent() && (!reward.equals(Reward.accuracy()) || !constraints.equals(Constraints.NONE))) {
            throw new ConfigException("evaluator: tabular looks up accuracy alone, without latency or size: use "
                    + "'reward: {kind: accuracy}' and no constraints with it");
        }
        Optional<Pruner> pruner = root.has("pruner") ? Optional.of(pruner(root.section("pruner"), training.epochs()))
                : Optional.empty();
        if (pruner.isPresent() && !evaluator.equals("train")) {
            throw new ConfigException(prunerWithoutEpochs(evaluator.equals("tabular")
                    ? "tabular (" + tabular.orElseThrow().benchmark() + ")" : evaluator));
        }
        if (pruner.isPresent()) {
            try {
                pruner.get().checkEpochs(training.epochs());
            } catch (IllegalArgumentException e) {
                throw new ConfigException(e.getMessage(), e);
            }
        }
        return new StudyConfig(study, data, strategy, training, latency, reward, constraints,
                retrain(root.section("retrain")),
                network(root.section("network")), supernet, tabular, workers(root), pruner, space, identityHash(tree));
    }

    private static StudySettings study(ConfigSection s) {
        s.allow(Set.of("name", "seed", "trials", "time_budget_minutes"));
        StudySettings d = StudySettings.of("study", 1);
        return s.build(() -> new StudySettings(s.text("name", d.name()), s.integer("seed", d.seed()),
                s.smallInteger("trials", d.trials()), s.optionalNumber("time_budget_minutes")));
    }

    private static DataSettings data(ConfigSection s) {
        s.allow(Set.of("dir", "validation_fraction", "train_limit", "image_size"));
        Optional<ImageSize> size = Optional.empty();
        if (s.has("image_size")) {
            JsonNode node = s.raw("image_size").orElseThrow();
            if (node.isIntegralNumber()) {
                size = Optional.of(s.build(() -> ImageSize.square(node.intValue())));
            } else {
                List<Integer> sides = s.integers("image_size").orElseThrow();
                if (sides.size() != 2) {
                    throw new ConfigException("'data.image_size' must be one side (32) or [height, width], got "
                            + node);
                }
                size = Optional.of(s.build(() -> new ImageSize(sides.get(0), sides.get(1))));
            }
        }
        Optional<ImageSize> imageSize = size;
        return s.build(() -> new DataSettings(Optional.ofNullable(s.text("dir", null)).map(Path::of),
                s.number("validation_fraction", DataSettings.EMBEDDED.validationFraction()),
                s.optionalInteger("train_limit"), imageSize));
    }

    private static StrategySpec strategy(ConfigSection s, SearchSpace space) {
        String kind = s.choice("kind", "reinforce", STRATEGY_KINDS);
        Set<String> reinforceKeys = Set.of("kind", "learning_rate", "entropy", "baseline", "baseline_decay", "batch");
        switch (kind) {
            case "random":
                s.allow(Set.of("kind"), "strategy kind random");
                return new StrategySpec.Random();
            case "evolution": {
                s.allow(Set.of("kind", "population", "tournament", "skip_seen", "start_from", "initial_population"),
                        "strategy kind evolution");
                int population = s.smallInteger("population", 10);
                EvolutionSettings settings = s.build(() -> new EvolutionSettings(population,
                        s.smallInteger("tournament", Math.min(5, population)), s.flag("skip_seen", true),
                        s.choice("initial_population", EvolutionSettings.Initial.RANDOM,
                                EvolutionSettings.Initial.class)));
                List<Architecture> startFrom = startFrom(s.raw("start_from"), space);
                if (settings.initial() == EvolutionSettings.Initial.MUTATIONS && startFrom.isEmpty()) {
                    throw new ConfigException("strategy.initial_population: 'mutations' mutates the start "
                            + "architectures, but start_from is empty; list at least one architecture under "
                            + "start_from or set 'initial_population: random'");
                }
                return s.build(() -> new StrategySpec.Evolution(settings, startFrom));
            }
            case ModelBased.KIND: {
                s.allow(Set.of("kind", "initial", "candidates", "parents", "acquisition", "kappa"),
                        "strategy kind model");
                ModelSettings d = ModelSettings.DEFAULT;
                return new StrategySpec.Model(s.build(() -> new ModelSettings(s.smallInteger("initial",
                        d.initial()), s.smallInteger("candidates", d.candidates()), s.smallInteger("parents",
                        d.parents()), s.choice("acquisition", d.acquisition(), ModelSettings.Acquisition.class),
                        s.number("kappa", d.kappa()))));
            }
            case "reinforce-lstm": {
                Set<String> keys = new java.util.HashSet<>(reinforceKeys);
                keys.addAll(Set.of("hidden_size", "temperature", "tanh"));
                s.allow(keys, "strategy kind reinforce-lstm");
                PolicySpec.Lstm defaults = PolicySpec.Lstm.defaults();
                PolicySpec.Lstm lstm = s.build(() -> new PolicySpec.Lstm(s.smallInteger("hidden_size",
                        defaults.hiddenSize()), s.number("temperature", defaults.temperature()),
                        s.number("tanh", defaults.tanhConstant())));
                return new StrategySpec.Reinforce(reinforce(s, lstm), lstm);
            }
            default: {
                s.allow(reinforceKeys, "strategy kind reinforce");
                PolicySpec factorized = new PolicySpec.Factorized();
                return new StrategySpec.Reinforce(reinforce(s, factorized), factorized);
            }
        }
    }

    private static ReinforceSettings reinforce(ConfigSection s, PolicySpec policy) {
        ReinforceSettings d = ReinforceSettings.defaults(policy.defaultLearningRate());
        return s.build(() -> new ReinforceSettings(AdamSettings.withLearningRate(s.number("learning_rate",
                d.adam().learningRate())), s.flag("baseline", d.useBaseline()),
                s.number("baseline_decay", d.baselineDecay()), s.number("entropy", d.entropyWeight()),
                s.smallInteger("batch", d.batchSize())));
    }

    /**
     * Architectures evolution proposes first, before random ones: each a canonical string or a map of decision to
     * option, as 'nas4j space' and saved models write them.
     */
    private static List<Architecture> startFrom(Optional<JsonNode> node, SearchSpace space) {
        if (node.isEmpty() || node.get().isNull()) {
            return List.of();
        }
        if (!node.get().isArray()) {
            throw new ConfigException("strategy.start_from: expected a list of architectures, got " + node.get());
        }
        List<Architecture> architectures = new ArrayList<>();
        for (int i = 0; i < node.get().size(); i++) {
            architectures.add(architecture(node.get().get(i), space, "strategy.start_from[" + i + "]"));
        }
        return List.copyOf(architectures);
    }

    /** An architecture of the space written in a config, as a canonical string or a map of decision to option. */
    private static Architecture architecture(JsonNode node, SearchSpace space, String where) {
        try {
            return node.isTextual() ? space.parse(node.asText()) : space.fromJson(node);
        } catch (SearchSpaceException e) {
            throw new ConfigException(where + ": " + e.getMessage()
                    + "; give an architecture of this space, as a canonical string or a map of decision to option", e);
        }
    }

    private static TrainingSettings training(ConfigSection s) {
        s.allow(Set.of("epochs", "batch_size", "optimizer", "learning_rate", "schedule", "weight_decay"));
        TrainingSettings d = TrainingSettings.DEFAULT;
        return s.build(() -> new TrainingSettings(s.smallInteger("epochs", d.epochs()),
                s.smallInteger("batch_size", d.batchSize()), s.choice("optimizer", d.optimizer(), OptimizerKind.class),
                s.number("learning_rate", d.learningRate()), s.choice("schedule", d.schedule(), ScheduleKind.class),
                s.number("weight_decay", d.weightDecay())));
    }

    private static LatencySettings latency(ConfigSection s) {
        s.allow(Set.of("batch_size", "batch_sizes", "warmup", "runs", "predict"));
        LatencySettings d = LatencySettings.DEFAULT;
        int batch = s.smallInteger("batch_size", d.batchSize());
        Optional<List<Integer>> legacy = s.integers("batch_sizes");
        if (legacy.isPresent()) {
            // Studies stored before 'batch_size' wrote a list, of which only one size was ever measured.
            if (legacy.get().size() != 1 || s.has("batch_size")) {
                throw new ConfigException("'latency.batch_sizes' is read only as one size, got " + legacy.get()
                        + "; write 'batch_size: N' instead (latency is measured at one batch size)");
            }
            batch = legacy.get().get(0);
        }
        int batchSize = batch;
        return s.build(() -> new LatencySettings(batchSize, s.smallInteger("warmup", d.warmup()),
                s.smallInteger("runs", d.runs()), s.flag("predict", false)));
    }

    private static Reward reward(ConfigSection s) {
        String kind = s.choice("kind", "accuracy", REWARD_KINDS);
        switch (kind) {
            case "weighted":
                s.allow(Set.of("kind", "latency_weight", "params_weight"), "reward kind weighted");
                return s.build(() -> new WeightedReward(s.number("latency_weight", 0.0),
                        s.number("params_weight", 0.0)));
            case "mnas":
                s.allow(Set.of("kind", "target_ms", "w"), "reward kind mnas");
                return s.build(() -> new MnasReward(targetMs(s, kind), s.number("w", -0.07)));
            case "abs":
                s.allow(Set.of("kind", "target_ms", "beta"), "reward kind abs");
                return s.build(() -> new AbsoluteReward(targetMs(s, kind), s.number("beta", -0.07)));
            default:
                s.allow(Set.of("kind"), "reward kind accuracy");
                return Reward.accuracy();
        }
    }

    private static double targetMs(ConfigSection s, String kind) {
        return s.optionalNumber("target_ms").orElseThrow(() -> new ConfigException("'reward.kind: " + kind
                + "' needs 'reward.target_ms', the latency target"));
    }

    private static Constraints constraints(ConfigSection s, SearchSpace space) {
        s.allow(Set.of("max_latency_ms", "max_params", "max_mflops", "relative_latency"));
        Optional<RelativeLatency> relative = Optional.empty();
        if (s.has("relative_latency")) {
            ConfigSection r = s.section("relative_latency").allow(Set.of("reference", "max_ratio"));
            JsonNode reference = r.raw("reference").orElseThrow(() -> new ConfigException(
                    "constraints.relative_latency needs 'reference', the architecture whose latency the limit is "
                            + "relative to (a canonical string or a map of decision to option)"));
            Architecture architecture = architecture(reference, space, "constraints.relative_latency.reference");
            relative = Optional.of(r.build(() -> new RelativeLatency(architecture, r.number("max_ratio", 1.0))));
        }
        Optional<RelativeLatency> relativeLatency = relative;
        return s.build(() -> new Constraints(s.optionalNumber("max_latency_ms"), s.optionalInteger("max_params"),
                s.optionalNumber("max_mflops"), relativeLatency));
    }

    private static RetrainSettings retrain(ConfigSection s) {
        s.allow(Set.of("epochs", "finalists", "finalist_epochs"));
        RetrainSettings d = RetrainSettings.DEFAULT;
        return s.build(() -> new RetrainSettings(s.smallInteger("epochs", d.epochs()),
                s.smallInteger("finalists", d.finalists()), s.smallInteger("finalist_epochs", d.finalistEpochs())));
    }

    private static NetworkLayout network(ConfigSection s) {
        s.allow(Set.of("stem_channels", "stem_kernel", "stem_stride", "stage_strides", "head_channels"));
        NetworkLayout d = NetworkLayout.DEFAULT;
        return s.build(() -> new NetworkLayout(s.smallInteger("stem_channels", d.stemChannels()),
                s.smallInteger("stem_kernel", d.stemKernel()), s.smallInteger("stem_stride", d.stemStride()),
                s.integers("stage_strides").orElse(d.stageStrides()), s.smallInteger("head_channels",
                d.headChannels())));
    }

    /** The supernet's recipe defaults to the study's training one, for {@code supernet.epochs} (10) epochs. */
    private static TabularSettings tabular(ConfigSection s) {
        s.allow(Set.of("benchmark", "sleep"));
        if (!s.has("benchmark")) {
            throw new ConfigException("'tabular.benchmark' is missing: name the table to look candidates up in, "
                    + "e.g. 'benchmark: nb201'");
        }
        return s.build(() -> new TabularSettings(s.text("benchmark", ""), s.number("sleep", 0)));
    }

    /** The names configs give the pruners. */
    public static final List<String> PRUNER_KINDS = List.of(MedianRule.NAME, Asha.NAME, Hyperband.NAME,
            SuccessiveHalving.NAME);

    private static Pruner pruner(ConfigSection s, int epochs) {
        String kind = s.choice("kind", MedianRule.NAME, PRUNER_KINDS);
        if (kind.equals(MedianRule.NAME)) {
            s.allow(Set.of("kind", "startup_trials", "min_epochs"), "pruner kind median");
            return s.build(() -> new MedianRule(s.smallInteger("startup_trials", 5), s.smallInteger("min_epochs",
                    1)));
        }
        if (kind.equals(SuccessiveHalving.NAME)) {
            s.allow(Set.of("kind", "min_epochs", "eta", "bracket"), "pruner kind " + kind);
            int minEpochs = s.smallInteger("min_epochs", 1);
            int eta = s.smallInteger("eta", 3);
            if (!s.has("bracket")) {
                return s.build(() -> SuccessiveHalving.forEpochs(minEpochs, eta, epochs));
            }
            return s.build(() -> new SuccessiveHalving(minEpochs, eta, s.smallInteger("bracket", 0)));
        }
        s.allow(Set.of("kind", "min_epochs", "eta"), "pruner kind " + kind);
        int minEpochs = s.smallInteger("min_epochs", 1);
        int eta = s.smallInteger("eta", 3);
        return s.build(() -> kind.equals(Asha.NAME) ? new Asha(minEpochs, eta) : new Hyperband(minEpochs, eta));
    }

    private static WorkerSettings workers(ConfigSection root) {
        Optional<String> storage = Optional.ofNullable(root.text("storage", null));
        ConfigSection s = root.section("workers");
        s.allow(Set.of("heartbeat_seconds", "grace_seconds", "max_retries"));
        StudyWorker.Settings d = StudyWorker.Settings.DEFAULT;
        double heartbeat = s.number("heartbeat_seconds", d.heartbeat().toMillis() / 1000.0);
        double grace = s.number("grace_seconds", 2 * heartbeat);
        int retries = s.smallInteger("max_retries", d.maxRetries());
        if (retries < 0) {
            throw new ConfigException("'" + s.full("max_retries") + "' must be 0 or more, got " + retries);
        }
        return s.build(() -> new WorkerSettings(storage, new StudyWorker.Settings(
                seconds("heartbeat_seconds", heartbeat), seconds("grace_seconds", grace), retries)));
    }

    private static Duration seconds(String key, double seconds) {
        if (!(seconds >= 0.001 && seconds <= 1e6)) {
            throw new IllegalArgumentException(key + " must be in [0.001, 1e6] seconds, got " + seconds);
        }
        return Duration.ofMillis(Math.round(seconds * 1000));
    }

    private static SupernetSettings supernet(ConfigSection s, TrainingSettings training) {
        s.allow(Set.of("sharing", "sampling", "distill", "random_paths", "epochs", "batch_size", "optimizer",
                "learning_rate", "schedule", "weight_decay", "checkpoint_every", "calibration_images",
                "calibration_batch", "score_images", "controller", "controller_every", "controller_steps"));
        SupernetSettings d = SupernetSettings.DEFAULT;
        TrainingSettings recipe = s.build(() -> new TrainingSettings(s.smallInteger("epochs", d.training().epochs()),
                s.smallInteger("batch_size", training.batchSize()), s.choice("optimizer", training.optimizer(),
                OptimizerKind.class), s.number("learning_rate", training.learningRate()), s.choice("schedule",
                training.schedule(), ScheduleKind.class), s.number("weight_decay", training.weightDecay())));
        Sharing sharing = Sharing.fromText(s.choice("sharing", d.sharing().text(),
                Arrays.stream(Sharing.values()).map(Sharing::text).toList()));
        PathSampling sampling = PathSampling.fromText(s.choice("sampling", d.sampling().text(),
                Arrays.stream(PathSampling.values()).map(PathSampling::text).toList()));
        String controller = s.choice("controller", "factorized", List.of("factorized", "lstm"));
        EnasSettings enas = s.build(() -> new EnasSettings(controller.equals("lstm") ? PolicySpec.Lstm.defaults()
                : new PolicySpec.Factorized(), s.smallInteger("controller_every", d.enas().every()),
                s.smallInteger("controller_steps", d.enas().steps())));
        return s.build(() -> new SupernetSettings(sharing, sampling, recipe, s.smallInteger("random_paths",
                d.randomPaths()), s.flag("distill", d.distill()), s.smallInteger("checkpoint_every",
                d.checkpointEvery()), s.smallInteger("calibration_images", d.calibrationImages()),
                s.smallInteger("calibration_batch", d.calibrationBatch()), s.smallInteger("score_images",
                d.scoreImages()), enas));
    }

    // ---------------------------------------------------------------- writing

    /** The config as YAML, every setting written out; {@link #parse} reads it back to an equal config. */
    public String toYaml() {
        try {
            return YAML.writeValueAsString(toTree());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a config tree always writes as YAML", e);
        }
    }

    private ObjectNode toTree() {
        ObjectNode root = YAML.createObjectNode();
        ObjectNode s = root.putObject("study");
        s.put("name", study.name());
        s.put("seed", study.seed());
        s.put("trials", study.trials());
        study.timeBudgetMinutes().ifPresent(m -> s.put("time_budget_minutes", m));
        ObjectNode d = root.putObject("data");
        data.dir().ifPresent(dir -> d.put("dir", dir.toString()));
        d.put("validation_fraction", data.validationFraction());
        data.trainLimit().ifPresent(limit -> d.put("train_limit", limit));
        data.imageSize().ifPresent(size -> d.putArray("image_size").add(size.height()).add(size.width()));
        writeStrategy(root.putObject("strategy"));
        ObjectNode t = root.putObject("training");
        t.put("epochs", training.epochs());
        t.put("batch_size", training.batchSize());
        t.put("optimizer", ConfigSection.configName(training.optimizer()));
        t.put("learning_rate", training.learningRate());
        t.put("schedule", ConfigSection.configName(training.schedule()));
        t.put("weight_decay", training.weightDecay());
        ObjectNode l = root.putObject("latency");
        l.put("batch_size", latency.batchSize());
        l.put("warmup", latency.warmup());
        l.put("runs", latency.runs());
        if (latency.predict()) {
            l.put("predict", true);
        }
        writeReward(root.putObject("reward"));
        ObjectNode c = root.putObject("constraints");
        constraints.maxLatencyMs().ifPresent(v -> c.put("max_latency_ms", v));
        constraints.maxParams().ifPresent(v -> c.put("max_params", v));
        constraints.maxMflops().ifPresent(v -> c.put("max_mflops", v));
        constraints.relativeLatency().ifPresent(r -> {
            ObjectNode relative = c.putObject("relative_latency");
            relative.put("reference", r.reference().canonicalString());
            relative.put("max_ratio", r.maxRatio());
        });
        ObjectNode r = root.putObject("retrain");
        r.put("epochs", retrain.epochs());
        r.put("finalists", retrain.finalists());
        r.put("finalist_epochs", retrain.finalistEpochs());
        ObjectNode n = root.putObject("network");
        n.put("stem_channels", network.stemChannels());
        n.put("stem_kernel", network.stemKernel());
        n.put("stem_stride", network.stemStride());
        ArrayNode strides = n.putArray("stage_strides");
        network.stageStrides().forEach(strides::add);
        n.put("head_channels", network.headChannels());
        supernet.ifPresent(settings -> {
            root.put("evaluator", "supernet");
            writeSupernet(root.putObject("supernet"), settings);
        });
        tabular.ifPresent(settings -> {
            root.put("evaluator", "tabular");
            ObjectNode node = root.putObject("tabular");
            node.put("benchmark", settings.benchmark());
            node.put("sleep", settings.sleepPerSecond());
        });
        // Written only when present: a study without a pruner keeps the hash it had before pruners existed.
        pruner.ifPresent(rule -> {
            ObjectNode p = root.putObject("pruner");
            p.put("kind", rule.name());
            if (rule instanceof MedianRule median) {
                p.put("startup_trials", median.startupTrials());
                p.put("min_epochs", median.minEpochs());
            } else if (rule instanceof Asha asha) {
                p.put("min_epochs", asha.minEpochs());
                p.put("eta", asha.eta());
            } else if (rule instanceof Hyperband hyperband) {
                p.put("min_epochs", hyperband.minEpochs());
                p.put("eta", hyperband.eta());
            } else if (rule instanceof SuccessiveHalving halving) {
                p.put("min_epochs", halving.minEpochs());
                p.put("eta", halving.eta());
                p.put("bracket", halving.bracket());
            }
        });
        workers.storage().ifPresent(location -> root.put("storage", location));
        if (!workers.watch().equals(StudyWorker.Settings.DEFAULT)) {
            ObjectNode w = root.putObject("workers");
            w.put("heartbeat_seconds", workers.watch().heartbeat().toMillis() / 1000.0);
            w.put("grace_seconds", workers.watch().grace().toMillis() / 1000.0);
            w.put("max_retries", workers.watch().maxRetries());
        }
        root.set("space", SearchSpaceYaml.toNode(space));
        return root;
    }

    private void writeStrategy(ObjectNode node) {
        node.put("kind", strategy.kind());
        if (strategy instanceof StrategySpec.Evolution evolution) {
            EvolutionSettings e = evolution.settings();
            node.put("population", e.populationSize());
            node.put("tournament", e.tournamentSize());
            node.put("skip_seen", e.skipSeen());
            node.put("initial_population", ConfigSection.configName(e.initial()));
            if (!evolution.startFrom().isEmpty()) {
                ArrayNode start = node.putArray("start_from");
                evolution.startFrom().forEach(a -> start.add(a.canonicalString()));
            }
        } else if (strategy instanceof StrategySpec.Model model) {
            ModelSettings m = model.settings();
            node.put("initial", m.initial());
            node.put("candidates", m.candidates());
            node.put("parents", m.parents());
            node.put("acquisition", ConfigSection.configName(m.acquisition()));
            node.put("kappa", m.kappa());
        } else if (strategy instanceof StrategySpec.Reinforce reinforce) {
            ReinforceSettings r = reinforce.settings();
            node.put("learning_rate", r.adam().learningRate());
            node.put("entropy", r.entropyWeight());
            node.put("baseline", r.useBaseline());
            node.put("baseline_decay", r.baselineDecay());
            node.put("batch", r.batchSize());
            if (reinforce.policy() instanceof PolicySpec.Lstm lstm) {
                node.put("hidden_size", lstm.hiddenSize());
                node.put("temperature", lstm.temperature());
                node.put("tanh", lstm.tanhConstant());
            }
        }
    }

    private static void writeSupernet(ObjectNode node, SupernetSettings settings) {
        node.put("sharing", settings.sharing().text());
        node.put("sampling", settings.sampling().text());
        node.put("distill", settings.distill());
        node.put("random_paths", settings.randomPaths());
        TrainingSettings t = settings.training();
        node.put("epochs", t.epochs());
        node.put("batch_size", t.batchSize());
        node.put("optimizer", ConfigSection.configName(t.optimizer()));
        node.put("learning_rate", t.learningRate());
        node.put("schedule", ConfigSection.configName(t.schedule()));
        node.put("weight_decay", t.weightDecay());
        node.put("checkpoint_every", settings.checkpointEvery());
        node.put("calibration_images", settings.calibrationImages());
        node.put("calibration_batch", settings.calibrationBatch());
        node.put("score_images", settings.scoreImages());
        node.put("controller", settings.enas().policy() instanceof PolicySpec.Lstm ? "lstm" : "factorized");
        node.put("controller_every", settings.enas().every());
        node.put("controller_steps", settings.enas().steps());
    }

    private void writeReward(ObjectNode node) {
        if (reward instanceof WeightedReward weighted) {
            node.put("kind", "weighted");
            node.put("latency_weight", weighted.latencyWeight());
            node.put("params_weight", weighted.paramsWeight());
        } else if (reward instanceof MnasReward mnas) {
            node.put("kind", "mnas");
            node.put("target_ms", mnas.targetMs());
            node.put("w", mnas.w());
        } else if (reward instanceof AbsoluteReward abs) {
            node.put("kind", "abs");
            node.put("target_ms", abs.targetMs());
            node.put("beta", abs.beta());
        } else {
            node.put("kind", "accuracy");
        }
    }

    /** The digest of a config's tree without the keys that say where and how workers run it. */
    private static String identityHash(JsonNode tree) {
        if (!tree.isObject() || DEPLOYMENT_KEYS.stream().noneMatch(tree::has)) {
            return hash(tree);
        }
        ObjectNode study = ((ObjectNode) tree).deepCopy();
        study.remove(DEPLOYMENT_KEYS);
        return hash(study);
    }

    /** The digest a config (or any tree of settings) is stored and compared by: 16 hex digits of its SHA-256. */
    public static String hash(JsonNode tree) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(String.valueOf(tree).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
