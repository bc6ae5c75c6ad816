package org.nas4j.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.nas4j.space.Architecture;
import org.nas4j.space.SearchSpace;
import org.nas4j.space.SearchSpaceException;
import org.nas4j.space.SearchSpaceYaml;
import org.nas4j.strategy.EvolutionSettings;
import org.nas4j.strategy.reinforce.ReinforceSettings;

/**
 * A study as configured in YAML: what to search, how to train and measure candidates, how to reward them and when
 * to stop. Parsed into typed records; unknown keys and out-of-range values are errors that name the key.
 *
 * @param hash a digest of the parsed config, stored with the study so it is resumed only with the same settings
 */
public record StudyConfig(StudySettings study, DataSettings data, StrategySettings strategy,
                          TrainingSettings training, LatencySettings latency, RewardSettings reward,
                          Constraints constraints, RetrainSettings retrain, SearchSpace space, String hash) {

    /** The study's identity, seed and budget. */
    public record StudySettings(String name, long seed, int trials, Optional<Double> timeBudgetMinutes) {
    }

    /** Where the images come from and how the validation split is carved. */
    public record DataSettings(Optional<String> dir, boolean embeddedSample, double validationFraction,
                               Optional<Long> trainLimit) {
    }

    /** Which strategy searches, and its settings (those of other kinds are ignored). */
    public record StrategySettings(String kind, double learningRate, double entropyWeight, double baselineDecay,
                                   int population, int tournament, List<Architecture> startFrom,
                                   EvolutionSettings.Initial initialPopulation) {
        public static final List<String> KINDS = List.of("random", "evolution", "reinforce", "reinforce-lstm");
        public static final List<String> INITIAL_POPULATIONS = Arrays.stream(EvolutionSettings.Initial.values())
                .map(initial -> initial.name().toLowerCase(Locale.ROOT)).toList();

        public StrategySettings {
            startFrom = List.copyOf(startFrom);
        }
    }

    /** How each candidate is trained. */
    public record TrainingSettings(int epochs, int batchSize, String optimizer, double learningRate, String schedule,
                                   double weightDecay) {
        public static final List<String> OPTIMIZERS = List.of("adam", "sgd");
        public static final List<String> SCHEDULES = List.of("constant", "cosine", "one-cycle");
    }

    /** How latency is measured on this device. */
    public record LatencySettings(List<Integer> batchSizes, int warmup, int runs) {
    }

    /** How measurements become one reward. */
    public record RewardSettings(String kind, Optional<Double> targetMs, double w, double beta, double latencyWeight,
                                 double paramsWeight) {
        public static final List<String> KINDS = List.of("accuracy", "weighted", "mnas", "abs");
    }

    /** Hard limits: a candidate over one is rejected before training. */
    public record Constraints(Optional<Double> maxLatencyMs, Optional<Long> maxParams, Optional<Double> maxMflops,
                              Optional<RelativeLatency> relativeLatency) {
        /** Absolute limits only. */
        public Constraints(Optional<Double> maxLatencyMs, Optional<Long> maxParams, Optional<Double> maxMflops) {
            this(maxLatencyMs, maxParams, maxMflops, Optional.empty());
        }
    }

    /**
     * A latency limit relative to a reference architecture, timed in turn with each candidate, in the same process
     * and the same moment: the pace of a shared machine drifts through a day by more than the differences a search
     * must tell apart, and a ratio measured side by side cancels the drift. The reference itself passes (its ratio
     * to itself is 1 by definition, whatever the noise).
     */
    public record RelativeLatency(Architecture reference, double maxRatio) {
    }

    /**
     * Retraining the winner from scratch. With {@code finalists} above 1, the best trials by reward first train for
     * {@code finalistEpochs} on the whole training set less its validation split, and the most accurate on validation
     * is the one retrained: the search's short training ranks close candidates poorly.
     */
    public record RetrainSettings(int epochs, int finalists, int finalistEpochs) {
    }

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

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
        JsonNode tree;
        try {
            tree = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new ConfigException("malformed YAML: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"), e);
        }
        ConfigSection root = ConfigSection.root(tree).allow(Set.of("study", "data", "space", "strategy", "training",
                "latency", "reward", "constraints", "retrain"));
        JsonNode spaceNode = root.raw("space").orElseThrow(() -> new ConfigException(
                "the config needs a 'space:' section with the decisions to search"));
        SearchSpace space;
        try {
            space = SearchSpaceYaml.fromNode(spaceNode);
        } catch (SearchSpaceException e) {
            throw new ConfigException("space: " + e.getMessage(), e);
        }
        return new StudyConfig(study(root.section("study")), data(root.section("data")),
                strategy(root.section("strategy"), space), training(root.section("training")),
                latency(root.section("latency")), reward(root.section("reward")),
                constraints(root.section("constraints"), space), retrain(root.section("retrain")), space, hash(tree));
    }

    private static StudySettings study(ConfigSection s) {
        s.allow(Set.of("name", "seed", "trials", "time_budget_minutes"));
        return new StudySettings(s.text("name", "study"), s.integer("seed", 1, Long.MIN_VALUE, Long.MAX_VALUE),
                (int) s.integer("trials", 20, 1, 1_000_000), s.optionalNumber("time_budget_minutes", 0.01, 1e7));
    }

    private static DataSettings data(ConfigSection s) {
        s.allow(Set.of("dir", "embedded_sample", "validation_fraction", "train_limit"));
        return new DataSettings(Optional.ofNullable(s.text("dir", null)), s.flag("embedded_sample", false),
                s.number("validation_fraction", 0.1, 0.01, 0.5), s.optionalInteger("train_limit", 10, 10_000_000));
    }

    private static StrategySettings strategy(ConfigSection s, SearchSpace space) {
        s.allow(Set.of("kind", "learning_rate", "entropy", "baseline_decay", "population", "tournament",
                "start_from", "initial_population"));
        int population = (int) s.integer("population", 10, 1, 100_000);
        String kind = s.choice("kind", "reinforce", StrategySettings.KINDS);
        List<Architecture> startFrom = startFrom(s.raw("start_from"), kind, space);
        double defaultRate = kind.equals("reinforce-lstm") ? ReinforceSettings.LSTM_LEARNING_RATE
                : ReinforceSettings.FACTORIZED_LEARNING_RATE;
        return new StrategySettings(kind, s.number("learning_rate", defaultRate, 1e-9, 100),
                s.number("entropy", 0.0, 0, 100),
                s.number("baseline_decay", 0.9, 0, 0.999999), population,
                (int) s.integer("tournament", Math.min(5, population), 1, population),
                startFrom, initialPopulation(s, kind, startFrom));
    }

    /** How evolution fills its first population: 'mutations' needs start_from to mutate. */
    private static EvolutionSettings.Initial initialPopulation(ConfigSection s, String kind,
                                                               List<Architecture> startFrom) {
        String initial = s.choice("initial_population", "random", StrategySettings.INITIAL_POPULATIONS);
        if (initial.equals("mutations") && !kind.equals("evolution")) {
            throw new ConfigException("strategy.initial_population: only evolution has a population, but kind is "
                    + kind + "; set 'kind: evolution' or remove initial_population");
        }
        if (initial.equals("mutations") && startFrom.isEmpty()) {
            throw new ConfigException("strategy.initial_population: 'mutations' mutates the start architectures, "
                    + "but start_from is empty; list at least one architecture under start_from or set "
                    + "'initial_population: random'");
        }
        return EvolutionSettings.Initial.valueOf(initial.toUpperCase(Locale.ROOT));
    }

    /**
     * Architectures evolution proposes first, before random ones: each a canonical string or a map of decision to
     * option, as 'nas4j space' and saved models write them.
     */
    private static List<Architecture> startFrom(Optional<JsonNode> node, String kind, SearchSpace space) {
        if (node.isEmpty() || node.get().isNull()) {
            return List.of();
        }
        if (!kind.equals("evolution")) {
            throw new ConfigException("strategy.start_from: only evolution starts from given architectures, but "
                    + "kind is " + kind + "; set 'kind: evolution' or remove start_from");
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
        return new TrainingSettings((int) s.integer("epochs", 1, 1, 10_000), (int) s.integer("batch_size", 128, 1,
                65_536), s.choice("optimizer", "adam", TrainingSettings.OPTIMIZERS),
                s.number("learning_rate", 0.003, 1e-9, 100), s.choice("schedule", "one-cycle",
                TrainingSettings.SCHEDULES), s.number("weight_decay", 0.0, 0, 1));
    }

    private static LatencySettings latency(ConfigSection s) {
        s.allow(Set.of("batch_sizes", "warmup", "runs"));
        return new LatencySettings(s.integers("batch_sizes", List.of(1), 1), (int) s.integer("warmup", 10, 0, 100_000),
                (int) s.integer("runs", 30, 30, 100_000));
    }

    private static RewardSettings reward(ConfigSection s) {
        s.allow(Set.of("kind", "target_ms", "w", "beta", "latency_weight", "params_weight"));
        String kind = s.choice("kind", "accuracy", RewardSettings.KINDS);
        Optional<Double> target = s.optionalNumber("target_ms", 1e-6, 1e9);
        if ((kind.equals("mnas") || kind.equals("abs")) && target.isEmpty()) {
            throw new ConfigException("'reward.kind: " + kind + "' needs 'reward.target_ms', the latency target");
        }
        return new RewardSettings(kind, target, s.number("w", -0.07, -10, 10), s.number("beta", -0.07, -100, 100),
                s.number("latency_weight", 0.0, 0, 1e6), s.number("params_weight", 0.0, 0, 1e6));
    }

    private static Constraints constraints(ConfigSection s, SearchSpace space) {
        s.allow(Set.of("max_latency_ms", "max_params", "max_mflops", "relative_latency"));
        Optional<RelativeLatency> relative = Optional.empty();
        if (s.has("relative_latency")) {
            ConfigSection r = s.section("relative_latency").allow(Set.of("reference", "max_ratio"));
            JsonNode reference = r.raw("reference").orElseThrow(() -> new ConfigException(
                    "constraints.relative_latency needs 'reference', the architecture whose latency the limit is "
                            + "relative to (a canonical string or a map of decision to option)"));
            relative = Optional.of(new RelativeLatency(architecture(reference, space,
                    "constraints.relative_latency.reference"), r.number("max_ratio", 1.0, 0.01, 100)));
        }
        return new Constraints(s.optionalNumber("max_latency_ms", 1e-9, 1e9), s.optionalInteger("max_params", 1,
                Long.MAX_VALUE), s.optionalNumber("max_mflops", 1e-9, 1e12), relative);
    }

    private static RetrainSettings retrain(ConfigSection s) {
        s.allow(Set.of("epochs", "finalists", "finalist_epochs"));
        return new RetrainSettings((int) s.integer("epochs", 5, 1, 10_000), (int) s.integer("finalists", 1, 1, 1_000),
                (int) s.integer("finalist_epochs", 3, 1, 10_000));
    }

    private static String hash(JsonNode tree) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(String.valueOf(tree).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
