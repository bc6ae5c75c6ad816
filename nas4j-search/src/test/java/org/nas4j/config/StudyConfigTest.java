package org.nas4j.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.nas4j.djl.supernet.PathSampling;
import org.nas4j.djl.supernet.Sharing;
import org.nas4j.djl.supernet.SupernetSettings;
import org.nas4j.data.ImageSize;
import org.nas4j.djl.model.NetworkLayout;
import org.nas4j.djl.profile.LatencySettings;
import org.nas4j.djl.train.Constraints;
import org.nas4j.djl.train.OptimizerKind;
import org.nas4j.djl.train.ScheduleKind;
import org.nas4j.djl.train.TrainingSettings;
import org.nas4j.prune.Asha;
import org.nas4j.prune.Hyperband;
import org.nas4j.prune.MedianRule;
import org.nas4j.prune.SuccessiveHalving;
import org.nas4j.reward.MnasReward;
import org.nas4j.reward.Reward;
import org.nas4j.reward.WeightedReward;
import org.nas4j.search.DataSettings;
import org.nas4j.search.RetrainSettings;
import org.nas4j.search.StudySettings;
import org.nas4j.search.TabularSettings;
import org.nas4j.space.Architecture;
import org.nas4j.space.SearchSpace;
import org.nas4j.strategy.EvolutionSettings;
import org.nas4j.strategy.StrategySpec;
import org.nas4j.strategy.reinforce.PolicySpec;
import org.nas4j.strategy.reinforce.ReinforceSettings;
import org.nas4j.study.StudyWorker;

class StudyConfigTest {
    private static final String SPACE = """
            space:
              decisions:
                - {name: block, options: [conv, mbconv]}
                - {name: expansion, options: [1, 6], applies_when: {block: [mbconv]}}
            """;

    @Test
    void theShippedExampleParses() {
        StudyConfig config = StudyConfig.read(Path.of("..", "examples", "fashion-mnist.yaml"));
        assertEquals("fashion-mnist", config.study().name());
        assertEquals(21, config.space().size());
        assertEquals(Reward.accuracy(), config.reward());
        assertEquals(new RetrainSettings(10, 3, 6), config.retrain());
        assertEquals(Optional.empty(), config.constraints().maxLatencyMs());
        Constraints.RelativeLatency relative = config.constraints().relativeLatency().orElseThrow();
        assertEquals(1.0, relative.maxRatio());
        StrategySpec.Evolution evolution = assertInstanceOf(StrategySpec.Evolution.class, config.strategy());
        assertEquals(evolution.startFrom().get(0), relative.reference(),
                "the baseline evolution starts from is the latency reference");
        assertEquals(1, config.latency().batchSize());
        assertEquals(NetworkLayout.DEFAULT, config.network());
        Architecture conv = config.space().parse(config.space().architectureAt(0).canonicalString());
        assertEquals(conv, conv.canonical());
    }

    @Test
    void defaultsFillWhatIsNotSaid() {
        StudyConfig config = StudyConfig.parse(SPACE);
        assertEquals(1, config.study().seed());
        assertEquals(StrategySpec.Reinforce.defaults(new PolicySpec.Factorized()), config.strategy());
        assertEquals(OptimizerKind.ADAM, config.training().optimizer());
        assertEquals(ScheduleKind.ONE_CYCLE, config.training().schedule());
        assertEquals(0.1, config.data().validationFraction());
        assertEquals(Optional.empty(), config.data().dir(), "the embedded sample");
        assertEquals(Optional.empty(), config.constraints().maxLatencyMs());
        assertEquals(new RetrainSettings(5, 1, 3), config.retrain(), "no finalist stage unless asked");
        assertEquals(new RetrainSettings(10, 4, 2),
                StudyConfig.parse(SPACE + "retrain: {epochs: 10, finalists: 4, finalist_epochs: 2}\n").retrain());
        StrategySpec.Reinforce lstm = (StrategySpec.Reinforce) StudyConfig.parse(SPACE
                + "strategy: {kind: reinforce-lstm}\n").strategy();
        assertEquals(0.005, lstm.settings().adam().learningRate(), "the LSTM controller's own default step");
        assertEquals(PolicySpec.Lstm.defaults(), lstm.policy());
        StrategySpec.Evolution seeded = (StrategySpec.Evolution) StudyConfig.parse(SPACE + "strategy: {kind: "
                + "evolution, start_from: ['block=mbconv,expansion=6', {block: conv, expansion: 1}]}\n").strategy();
        SearchSpace space = config.space();
        assertEquals(List.of(space.parse("block=mbconv,expansion=6"), space.parse("block=conv,expansion=1")),
                seeded.startFrom(), "canonical strings and maps alike");
        assertEquals(EvolutionSettings.Initial.RANDOM, seeded.settings().initial());
        assertEquals(config.hash(), StudyConfig.parse(SPACE + "# a comment changes nothing\n").hash());
        assertNotEquals(config.hash(), StudyConfig.parse(SPACE + "training: {epochs: 3}\n").hash());
    }

    @Test
    void aConfigBuiltInJavaHasTheDefaultsOfAConfigFile() {
        StudyConfig file = StudyConfig.parse("study: {name: defaults}\n" + SPACE);
        assertEquals(file.toYaml(), StudyConfig.of("defaults", file.space()).toYaml());
    }

    @Test
    void everySettingAFlagCanSetAConfigCanSetToo() {
        StrategySpec.Reinforce lstm = (StrategySpec.Reinforce) StudyConfig.parse(SPACE + "strategy: {kind: "
                + "reinforce-lstm, learning_rate: 0.02, hidden_size: 100, temperature: 5, tanh: 2.5, entropy: 0.001, "
                + "baseline: false, baseline_decay: 0.5, batch: 4}\n").strategy();
        assertEquals(new PolicySpec.Lstm(100, 5, 2.5), lstm.policy());
        ReinforceSettings settings = lstm.settings();
        assertEquals(0.02, settings.adam().learningRate());
        assertEquals(false, settings.useBaseline());
        assertEquals(0.5, settings.baselineDecay());
        assertEquals(0.001, settings.entropyWeight());
        assertEquals(4, settings.batchSize());
        StudyConfig config = StudyConfig.parse(SPACE + """
                data: {image_size: [24, 32], train_limit: 500}
                network: {stem_channels: 8, stem_kernel: 5, stem_stride: 2, stage_strides: [1, 2], head_channels: 64}
                latency: {batch_size: 8}
                reward: {kind: weighted, latency_weight: 0.01}
                """);
        assertEquals(Optional.of(new ImageSize(24, 32)), config.data().imageSize());
        assertEquals(Optional.of(500L), config.data().trainLimit());
        assertEquals(new NetworkLayout(8, 5, 2, List.of(1, 2), 64), config.network());
        assertEquals(8, config.latency().batchSize());
        assertEquals(new WeightedReward(0.01, 0), config.reward());
        assertEquals(Optional.of(ImageSize.square(32)),
                StudyConfig.parse(SPACE + "data: {image_size: 32}\n").data().imageSize());
    }

    @Test
    void aStoredConfigReadsWithTheKeysEarlierVersionsAllowed() {
        String stored = SPACE + "data: {embedded_sample: true}\nstrategy: {kind: reinforce, population: 10, "
                + "learning_rate: 0.2}\nreward: {kind: accuracy, w: -0.07}\n";
        assertMessage("unknown key 'data.embedded_sample'", stored);
        StudyConfig read = StudyConfig.parseStored(stored);
        assertEquals(0.2, ((StrategySpec.Reinforce) read.strategy()).settings().adam().learningRate());
        assertEquals(StudyConfig.parse(SPACE).space(), read.space());
        assertMessage("'training.epochs' must be in", SPACE + "training: {epochs: 0}\n");
        ConfigException stillChecked = assertThrows(ConfigException.class,
                () -> StudyConfig.parseStored(SPACE + "training: {epochs: 0}\n"));
        assertTrue(stillChecked.getMessage().contains("'training.epochs'"), "values are checked all the same");
    }

    @Test
    void aStoredConfigOfOneLatencyBatchSizeStillReads() {
        assertEquals(4, StudyConfig.parse(SPACE + "latency: {batch_sizes: [4]}\n").latency().batchSize());
        assertMessage("'latency.batch_sizes' is read only as one size, got [1, 8]",
                SPACE + "latency: {batch_sizes: [1, 8]}\n");
    }

    @Test
    void aConfigBuiltInJavaWritesYamlThatReadsBackEqual() {
        SearchSpace space = StudyConfig.parse(SPACE).space();
        StudyConfig config = StudyConfig.of("coded", space)
                .withStudy(new StudySettings("coded", 7, 30, Optional.of(12.5)))
                .withData(new DataSettings(Optional.of(Path.of("/data/shapes")), 0.2, Optional.of(1000L),
                        Optional.of(ImageSize.square(32))))
                .withStrategy(new StrategySpec.Evolution(new EvolutionSettings(8, 4, false,
                        EvolutionSettings.Initial.MUTATIONS), List.of(space.parse("block=mbconv,expansion=6"))))
                .withTraining(new TrainingSettings(3, 64, OptimizerKind.SGD, 0.05, ScheduleKind.COSINE, 1e-4))
                .withLatency(new LatencySettings(2, 5, 40))
                .withReward(new MnasReward(1.5, -0.07))
                .withConstraints(new Constraints(Optional.of(2.0), Optional.of(100_000L), Optional.of(50.0),
                        Optional.of(new Constraints.RelativeLatency(space.parse("block=conv,expansion=1"), 1.1))))
                .withRetrain(new RetrainSettings(7, 2, 3))
                .withNetwork(new NetworkLayout(16, 3, 1, List.of(1, 2), 96));
        StudyConfig read = StudyConfig.parse(config.toYaml());
        assertEquals(config, read, config.toYaml());
        assertEquals(config.hash(), read.hash(), "the same settings, the same hash");
        StrategySpec.Reinforce lstm = new StrategySpec.Reinforce(ReinforceSettings.defaults(0.01)
                .withEntropyWeight(0.1), new PolicySpec.Lstm(32, 2, 1));
        StudyConfig other = config.withStrategy(lstm).withReward(Reward.accuracy());
        assertEquals(other, StudyConfig.parse(other.toYaml()));
        assertNotEquals(config.hash(), other.hash());
    }

    @Test
    void errorsNameTheKeyAndTheValue() {
        assertMessage("unknown key 'trainng'", SPACE + "trainng: {epochs: 3}\n");
        assertMessage("unknown key 'training.epoch'", SPACE + "training: {epoch: 3}\n");
        assertMessage("'training.epochs' must be in [1, 10000], got 0", SPACE + "training: {epochs: 0}\n");
        assertMessage("'training.optimizer' must be one of adam, sgd, got 'adamw'",
                SPACE + "training: {optimizer: adamw}\n");
        assertMessage("'training.schedule' must be one of constant, cosine, one-cycle, got 'step'",
                SPACE + "training: {schedule: step}\n");
        assertMessage("'training.learning_rate' must be a number, got \"fast\"",
                SPACE + "training: {learning_rate: fast}\n");
        assertMessage("'strategy.kind' must be one of", SPACE + "strategy: {kind: bayes}\n");
        assertMessage("needs 'reward.target_ms'", SPACE + "reward: {kind: mnas}\n");
        assertMessage("unknown key 'reward.w'; the keys of reward kind accuracy are [kind]",
                SPACE + "reward: {w: -0.07}\n");
        assertMessage("the config needs a 'space:' section", "study: {name: x}\n");
        assertMessage("space: decision 'expansion' applies when 'block' is 'resnet'",
                SPACE.replace("[mbconv]}", "[resnet]}"));
        assertMessage("malformed YAML", "study: [\n");
        assertMessage("'latency.runs' (timed passes) must be in [30,", SPACE + "latency: {runs: 5}\n");
        assertMessage("'retrain.finalists' must be in [1, 1000], got 0", SPACE + "retrain: {finalists: 0}\n");
        assertMessage("unknown key 'strategy.start_from'; the keys of strategy kind reinforce are",
                SPACE + "strategy: {start_from: ['block=conv,expansion=1']}\n");
        assertMessage("unknown key 'strategy.population'; the keys of strategy kind random are [kind]",
                SPACE + "strategy: {kind: random, population: 5}\n");
        assertMessage("unknown key 'strategy.hidden_size'; the keys of strategy kind reinforce are",
                SPACE + "strategy: {kind: reinforce, hidden_size: 5}\n");
        assertMessage("'strategy.hidden_size' (of the LSTM) must be in [1, 4096], got 0",
                SPACE + "strategy: {kind: reinforce-lstm, hidden_size: 0}\n");
        assertMessage("'strategy.tournament' must be in [1, population 4], got 5",
                SPACE + "strategy: {kind: evolution, population: 4, tournament: 5}\n");
        assertMessage("strategy.start_from[1]: decision 'block' has no option 'resnet'",
                SPACE + "strategy: {kind: evolution, start_from: ['block=conv,expansion=1', "
                        + "'block=resnet,expansion=1']}\n");
        assertMessage("strategy.initial_population: 'mutations' mutates the start architectures, but start_from is "
                + "empty", SPACE + "strategy: {kind: evolution, initial_population: mutations}\n");
        assertMessage("'strategy.initial_population' must be one of random, mutations, got 'grid'",
                SPACE + "strategy: {kind: evolution, initial_population: grid}\n");
        assertMessage("constraints.relative_latency needs 'reference'",
                SPACE + "constraints: {relative_latency: {max_ratio: 1.0}}\n");
        assertMessage("constraints.relative_latency.reference: decision 'block' has no option 'resnet'",
                SPACE + "constraints: {relative_latency: {reference: 'block=resnet,expansion=1'}}\n");
        assertMessage("'constraints.max_params' must be a positive number, got 0",
                SPACE + "constraints: {max_params: 0}\n");
        assertMessage("strategy.start_from[0]: architecture JSON has no option for decision 'expansion'",
                SPACE + "strategy: {kind: evolution, start_from: [{block: mbconv}]}\n");
        assertMessage("'data.image_size' must be 1 to 4096 pixels each way, got 0x0",
                SPACE + "data: {image_size: 0}\n");
        assertMessage("'data.image_size' must be one side (32) or [height, width]",
                SPACE + "data: {image_size: [1, 2, 3]}\n");
        assertMessage("'network.stem_kernel' must be odd and positive, got 4",
                SPACE + "network: {stem_kernel: 4}\n");
        assertMessage("'data.validation_fraction' must be in [0.01, 0.5], got 0.9",
                SPACE + "data: {validation_fraction: 0.9}\n");
        assertMessage("'evaluator' must be one of train, supernet, tabular, got 'darts'", SPACE + "evaluator: darts\n");
        assertMessage("has a 'supernet:' section but trains every candidate", SPACE + "supernet: {epochs: 3}\n");
        assertMessage("'supernet.sharing' must be one of per-choice, entangled, got 'ofa'",
                SPACE + "evaluator: supernet\nsupernet: {sharing: ofa}\n");
        assertMessage("'supernet.sampling' must be one of uniform, fair, sandwich, enas, got 'spos'",
                SPACE + "evaluator: supernet\nsupernet: {sampling: spos}\n");
        assertMessage("'supernet.distill' needs sampling: sandwich",
                SPACE + "evaluator: supernet\nsupernet: {sampling: fair, distill: true}\n");
        assertMessage("unknown key 'supernet.epoch'", SPACE + "evaluator: supernet\nsupernet: {epoch: 3}\n");
        assertMessage("'supernet.controller' must be one of factorized, lstm, got 'gru'",
                SPACE + "evaluator: supernet\nsupernet: {sampling: enas, controller: gru}\n");
    }

    @Test
    void aOneShotConfigReadsWithTheStudysRecipeAsDefaultsAndWritesBackEqual() {
        StudyConfig config = StudyConfig.parse(SPACE + "training: {batch_size: 64, learning_rate: 0.01}\n"
                + "evaluator: supernet\nsupernet: {sharing: per-choice, sampling: fair, epochs: 4}\n");
        SupernetSettings supernet = config.supernet().orElseThrow();
        assertEquals(Sharing.PER_CHOICE, supernet.sharing());
        assertEquals(PathSampling.FAIR, supernet.sampling());
        assertEquals(4, supernet.training().epochs());
        assertEquals(64, supernet.training().batchSize());
        assertEquals(0.01, supernet.training().learningRate());
        assertEquals(config.supernet(), StudyConfig.parse(config.toYaml()).supernet());
        StudyConfig built = StudyConfig.parse(SPACE).withSupernet(Optional.of(supernet));
        assertEquals(built, StudyConfig.parse(built.toYaml()));
        assertTrue(config.isOneShot());
        assertFalse(StudyConfig.parse(SPACE).isOneShot());
        assertEquals(SupernetSettings.DEFAULT.sharing(), StudyConfig.parse(SPACE + "evaluator: supernet\n")
                .supernet().orElseThrow().sharing());
        SupernetSettings enas = StudyConfig.parse(SPACE + "evaluator: supernet\nsupernet: {sampling: enas, "
                + "controller: lstm, controller_every: 20, controller_steps: 5}\n").supernet().orElseThrow();
        assertEquals(PathSampling.ENAS, enas.sampling());
        assertEquals(new org.nas4j.djl.supernet.EnasSettings(PolicySpec.Lstm.defaults(), 20, 5), enas.enas());
        StudyConfig withEnas = StudyConfig.parse(SPACE).withSupernet(Optional.of(enas));
        assertEquals(withEnas, StudyConfig.parse(withEnas.toYaml()));
    }

    @Test
    void latencyPredictionIsOffUnlessAsked() {
        assertFalse(StudyConfig.parse(SPACE).latency().predict());
        StudyConfig predicting = StudyConfig.parse(SPACE + "latency: {predict: true}\n");
        assertTrue(predicting.latency().predict());
        StudyConfig built = StudyConfig.parse(SPACE).withLatency(predicting.latency());
        assertEquals(built, StudyConfig.parse(built.toYaml()));
    }

    @Test
    void theShippedOneShotExampleParses() {
        StudyConfig config = StudyConfig.read(Path.of("..", "examples", "fashion-mnist-one-shot.yaml"));
        StudyConfig multiTrial = StudyConfig.read(Path.of("..", "examples", "fashion-mnist.yaml"));
        assertTrue(config.isOneShot());
        assertEquals(multiTrial.space(), config.space(), "the same space as the multi-trial example");
        assertEquals(multiTrial.constraints(), config.constraints());
    }

    @Test
    void theWorkersExampleLooksCandidatesUpAndSaysHowWorkersWatchEachOther() {
        StudyConfig config = StudyConfig.read(Path.of("..", "examples", "nb201-workers.yaml"));
        assertEquals(Optional.of(new TabularSettings("nb201", 0.005)), config.tabular());
        assertTrue(config.isTabular());
        assertEquals(new StudyWorker.Settings(Duration.ofSeconds(2), Duration.ofSeconds(6), 2),
                config.workers().watch());
        assertEquals(Optional.empty(), config.workers().storage());
        assertEquals(6, config.space().size());
        StudyConfig written = StudyConfig.parse(config.toYaml());
        assertEquals(config.tabular(), written.tabular(), "writes back equal");
        assertEquals(config.workers(), written.workers());
    }

    @Test
    void whereAndHowWorkersRunIsNotPartOfTheStudy() {
        String study = "study: {name: shared}\n" + SPACE;
        StudyConfig plain = StudyConfig.parse(study);
        StudyConfig shared = StudyConfig.parse("storage: postgresql://db.lan/nas4j?user=nas4j\n"
                + "workers: {heartbeat_seconds: 5, max_retries: 1}\n" + study);
        assertEquals(Optional.of("postgresql://db.lan/nas4j?user=nas4j"), shared.workers().storage());
        assertEquals(new StudyWorker.Settings(Duration.ofSeconds(5), Duration.ofSeconds(10), 1),
                shared.workers().watch(), "the grace period defaults to twice the heartbeat");
        assertEquals(plain.hash(), shared.hash(), "workers reaching one database by other names share its study");
        assertEquals(plain.withStudy(plain.study()).hash(), plain.withWorkers(shared.workers()).hash());
        assertEquals(shared.workers(), StudyConfig.parse(shared.toYaml()).workers());
        assertFalse(plain.hash().equals(StudyConfig.parse("study: {name: shared, seed: 2}\n" + SPACE).hash()));
    }

    @Test
    void tabularAndWorkerSettingsAreChecked() {
        assertMessage("'tabular.benchmark' is missing", "evaluator: tabular\ntabular: {sleep: 0.1}\n" + SPACE);
        assertMessage("set 'evaluator: tabular'", "tabular: {benchmark: nb201}\n" + SPACE);
        assertMessage("'tabular.sleep' must be in [0, 1]",
                "evaluator: tabular\ntabular: {benchmark: nb201, sleep: 2}\n" + SPACE);
        assertMessage("evaluator: tabular looks up accuracy alone", "evaluator: tabular\ntabular: {benchmark: nb201}\n"
                + "reward: {kind: mnas, target_ms: 2}\n" + SPACE);
        assertMessage("evaluator: tabular looks up accuracy alone", "evaluator: tabular\ntabular: {benchmark: nb201}\n"
                + "constraints: {max_params: 1000}\n" + SPACE);
        assertMessage("'workers.heartbeat_seconds' must be in [0.001, 1e6] seconds, got 0.0",
                "workers: {heartbeat_seconds: 0}\n" + SPACE);
        assertMessage("must be longer than the heartbeat interval",
                "workers: {heartbeat_seconds: 5, grace_seconds: 5}\n" + SPACE);
        assertMessage("'workers.max_retries' must be", "workers: {max_retries: -1}\n" + SPACE);
        assertMessage("unknown key 'workers.heartbeat'", "workers: {heartbeat: 5}\n" + SPACE);
    }

    @Test
    void aPrunerReadsWritesBackEqualAndChangesTheStudy() {
        StudyConfig plain = StudyConfig.parse(SPACE + "training: {epochs: 9}\n");
        assertTrue(plain.pruning().isEmpty());
        assertFalse(plain.toYaml().contains("pruner"), "no pruner, no key: older studies keep their hash");
        StudyConfig asha = StudyConfig.parse(SPACE + "training: {epochs: 9}\npruner: {kind: asha, eta: 3}\n");
        assertEquals(new Asha(1, 3), asha.pruning().orElseThrow().pruner());
        assertEquals(9, asha.pruning().orElseThrow().epochs());
        assertEquals(asha.pruning(), StudyConfig.parse(asha.toYaml()).pruning());
        assertNotEquals(plain.hash(), asha.hash(), "pruning changes what the study finds");
        StudyConfig median = StudyConfig.parse(SPACE + "training: {epochs: 9}\npruner: {kind: median, "
                + "startup_trials: 4, min_epochs: 2}\n");
        assertEquals(new MedianRule(4, 2), median.pruning().orElseThrow().pruner());
        assertEquals(median.pruning(), StudyConfig.parse(median.toYaml()).pruning());
        StudyConfig hyperband = plain.withPruner(Optional.of(new Hyperband(1, 3)));
        assertEquals(hyperband, StudyConfig.parse(hyperband.toYaml()));
        assertEquals(new MedianRule(5, 1), StudyConfig.parse(SPACE + "training: {epochs: 3}\npruner: {}\n")
                .pruning().orElseThrow().pruner(), "the median rule by default");
        StudyConfig halving = StudyConfig.parse(SPACE + "training: {epochs: 6}\npruner: {kind: successive-halving}\n");
        assertEquals(new SuccessiveHalving(1, 3, 9), halving.pruning().orElseThrow().pruner(),
                "rungs at 1 and 3 of 6 epochs: a bracket of 3^2 leaves one to train to the end");
        assertEquals(halving.pruning(), StudyConfig.parse(halving.toYaml()).pruning());
        assertEquals(new SuccessiveHalving(2, 2, 5), StudyConfig.parse(SPACE + "training: {epochs: 9}\npruner: "
                + "{kind: successive-halving, min_epochs: 2, eta: 2, bracket: 5}\n").pruning().orElseThrow().pruner());
    }

    @Test
    void theModelBasedStrategyReadsAndWritesBack() {
        StudyConfig model = StudyConfig.parse(SPACE + "strategy: {kind: model, initial: 6, acquisition: ei}\n");
        StrategySpec.Model spec = assertInstanceOf(StrategySpec.Model.class, model.strategy());
        assertEquals(new org.nas4j.strategy.model.ModelSettings(6, 100, 3,
                org.nas4j.strategy.model.ModelSettings.Acquisition.EI, 3.0), spec.settings());
        assertEquals(model.strategy(), StudyConfig.parse(model.toYaml()).strategy());
        assertMessage("unknown key 'strategy.population'; the keys of strategy kind model are",
                SPACE + "strategy: {kind: model, population: 5}\n");
        assertMessage("'strategy.acquisition' must be one of ei, ucb", SPACE + "strategy: {kind: model, "
                + "acquisition: pi}\n");
    }

    @Test
    void aPrunerThatCannotWorkIsRefusedByName() {
        assertMessage("'pruner.eta' must be at least 2", SPACE + "training: {epochs: 9}\npruner: {kind: asha, "
                + "eta: 1}\n");
        assertMessage("pruner.min_epochs 6 leaves no rung: trials train 6 epochs (training.epochs)",
                SPACE + "training: {epochs: 6}\npruner: {kind: hyperband, min_epochs: 6}\n");
        assertMessage("pruner.min_epochs 3 leaves nothing to stop",
                SPACE + "training: {epochs: 3}\npruner: {kind: median, min_epochs: 3}\n");
        assertMessage("'pruner.kind' must be one of median, asha, hyperband, successive-halving, got 'patience'",
                SPACE + "pruner: {kind: patience}\n");
        assertMessage("unknown key 'pruner.eta'; the keys of pruner kind median are",
                SPACE + "pruner: {kind: median, eta: 3}\n");
        assertMessage("pruner.bracket must be at least 2", SPACE + "training: {epochs: 6}\npruner: "
                + "{kind: successive-halving, bracket: 1}\n");
        assertMessage("unknown key 'pruner.bracket'; the keys of pruner kind asha are",
                SPACE + "training: {epochs: 6}\npruner: {kind: asha, bracket: 9}\n");
        assertMessage("pruner.min_epochs 6 leaves no rung", SPACE + "training: {epochs: 6}\npruner: "
                + "{kind: successive-halving, min_epochs: 6}\n");
        assertMessage("'evaluator: tabular (nb201)' gives no value per epoch",
                "evaluator: tabular\ntabular: {benchmark: nb201}\npruner: {kind: asha}\n" + SPACE);
        assertMessage("'evaluator: supernet' gives no value per epoch",
                SPACE + "evaluator: supernet\npruner: {kind: median}\n");
        StudyConfig twoEpochs = StudyConfig.parse(SPACE + "training: {epochs: 2}\n");
        assertThrows(IllegalArgumentException.class, () -> twoEpochs.withPruner(Optional.of(new Asha(2, 3))),
                "checked in Java too");
    }

    private static void assertMessage(String expected, String yaml) {
        ConfigException e = assertThrows(ConfigException.class, () -> StudyConfig.parse(yaml));
        assertTrue(e.getMessage().contains(expected), () -> "expected '" + expected + "' in: " + e.getMessage());
    }
}
