package org.nas4j.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.nas4j.space.Architecture;
import org.nas4j.strategy.EvolutionSettings;

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
        assertEquals("accuracy", config.reward().kind());
        assertEquals(new StudyConfig.RetrainSettings(10, 3, 6), config.retrain());
        assertEquals(Optional.empty(), config.constraints().maxLatencyMs());
        StudyConfig.RelativeLatency relative = config.constraints().relativeLatency().orElseThrow();
        assertEquals(1.0, relative.maxRatio());
        assertEquals(config.strategy().startFrom().get(0), relative.reference(),
                "the baseline evolution starts from is the latency reference");
        assertEquals(List.of(1), config.latency().batchSizes());
        Architecture conv = config.space().parse(config.space().architectureAt(0).canonicalString());
        assertEquals(conv, conv.canonical());
    }

    @Test
    void defaultsFillWhatIsNotSaid() {
        StudyConfig config = StudyConfig.parse(SPACE);
        assertEquals(1, config.study().seed());
        assertEquals("reinforce", config.strategy().kind());
        assertEquals("adam", config.training().optimizer());
        assertEquals(0.1, config.data().validationFraction());
        assertEquals(Optional.empty(), config.constraints().maxLatencyMs());
        assertEquals(0.1, config.strategy().learningRate());
        assertEquals(new StudyConfig.RetrainSettings(5, 1, 3), config.retrain(), "no finalist stage unless asked");
        assertEquals(new StudyConfig.RetrainSettings(10, 4, 2),
                StudyConfig.parse(SPACE + "retrain: {epochs: 10, finalists: 4, finalist_epochs: 2}\n").retrain());
        assertEquals(0.005, StudyConfig.parse(SPACE + "strategy: {kind: reinforce-lstm}\n").strategy().learningRate(),
                "the LSTM controller's own default step");
        assertEquals(0.02, StudyConfig.parse(SPACE + "strategy: {kind: reinforce-lstm, learning_rate: 0.02}\n")
                .strategy().learningRate());
        assertEquals(List.of(), config.strategy().startFrom());
        StudyConfig seeded = StudyConfig.parse(SPACE + "strategy: {kind: evolution, start_from: "
                + "['block=mbconv,expansion=6', {block: conv, expansion: 1}]}\n");
        assertEquals(List.of(seeded.space().parse("block=mbconv,expansion=6"), seeded.space().parse(
                "block=conv,expansion=1")), seeded.strategy().startFrom(), "canonical strings and maps alike");
        assertEquals(EvolutionSettings.Initial.RANDOM, seeded.strategy().initialPopulation());
        assertEquals(EvolutionSettings.Initial.MUTATIONS, StudyConfig.parse(SPACE + "strategy: {kind: evolution, "
                + "start_from: ['block=conv,expansion=1'], initial_population: mutations}\n").strategy()
                .initialPopulation());
        assertEquals(config.hash(), StudyConfig.parse(SPACE + "# a comment changes nothing\n").hash());
        assertNotEquals(config.hash(), StudyConfig.parse(SPACE + "training: {epochs: 3}\n").hash());
    }

    @Test
    void errorsNameTheKeyAndTheValue() {
        assertMessage("unknown key 'trainng'", SPACE + "trainng: {epochs: 3}\n");
        assertMessage("unknown key 'training.epoch'", SPACE + "training: {epoch: 3}\n");
        assertMessage("'training.epochs' must be in [1, 10000], got 0", SPACE + "training: {epochs: 0}\n");
        assertMessage("'training.learning_rate' must be a number, got \"fast\"",
                SPACE + "training: {learning_rate: fast}\n");
        assertMessage("'strategy.kind' must be one of", SPACE + "strategy: {kind: bayes}\n");
        assertMessage("needs 'reward.target_ms'", SPACE + "reward: {kind: mnas}\n");
        assertMessage("the config needs a 'space:' section", "study: {name: x}\n");
        assertMessage("space: decision 'expansion' applies when 'block' is 'resnet'",
                SPACE.replace("[mbconv]}", "[resnet]}"));
        assertMessage("malformed YAML", "study: [\n");
        assertMessage("'latency.runs' must be in [30,", SPACE + "latency: {runs: 5}\n");
        assertMessage("'retrain.finalists' must be in [1, 1000], got 0", SPACE + "retrain: {finalists: 0}\n");
        assertMessage("strategy.start_from: only evolution starts from given architectures, but kind is reinforce",
                SPACE + "strategy: {start_from: ['block=conv,expansion=1']}\n");
        assertMessage("strategy.start_from[1]: decision 'block' has no option 'resnet'",
                SPACE + "strategy: {kind: evolution, start_from: ['block=conv,expansion=1', "
                        + "'block=resnet,expansion=1']}\n");
        assertMessage("strategy.initial_population: 'mutations' mutates the start architectures, but start_from is "
                + "empty", SPACE + "strategy: {kind: evolution, initial_population: mutations}\n");
        assertMessage("strategy.initial_population: only evolution has a population, but kind is random",
                SPACE + "strategy: {kind: random, initial_population: mutations}\n");
        assertMessage("'strategy.initial_population' must be one of",
                SPACE + "strategy: {kind: evolution, initial_population: grid}\n");
        assertMessage("constraints.relative_latency needs 'reference'",
                SPACE + "constraints: {relative_latency: {max_ratio: 1.0}}\n");
        assertMessage("constraints.relative_latency.reference: decision 'block' has no option 'resnet'",
                SPACE + "constraints: {relative_latency: {reference: 'block=resnet,expansion=1'}}\n");
        assertMessage("strategy.start_from[0]: architecture JSON has no option for decision 'expansion'",
                SPACE + "strategy: {kind: evolution, start_from: [{block: mbconv}]}\n");
    }

    private static void assertMessage(String expected, String yaml) {
        ConfigException e = assertThrows(ConfigException.class, () -> StudyConfig.parse(yaml));
        assertTrue(e.getMessage().contains(expected), () -> "expected '" + expected + "' in: " + e.getMessage());
    }
}
