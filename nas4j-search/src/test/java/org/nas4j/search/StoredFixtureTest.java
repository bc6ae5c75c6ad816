package org.nas4j.search;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.config.StudyConfig;
import org.nas4j.store.SqliteStudyStorage;
import org.nas4j.store.fixtures.StudyFixture;
import org.nas4j.strategy.StrategySpec;
import org.nas4j.strategy.reinforce.PolicySpec;

/** A study file written by an earlier nas4j opens as a library study: its stored config still parses. */
class StoredFixtureTest {

    @Test
    void theKeptStudyFileOpensWithItsConfig(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("study.db");
        try (InputStream in = StudyFixture.class.getResourceAsStream("/fixtures/study-v2-2026-12.db")) {
            Files.copy(in, file);
        }
        assertEquals(StudyFixture.CONFIG_HASH, StudyConfig.parse(StudyFixture.CONFIG).hash(),
                "the parser gives the stored hash, so the stored study can be resumed with its config");
        try (SqliteStudyStorage storage = SqliteStudyStorage.openReadOnly(file);
             Study study = Study.existing(storage, Optional.empty()).build()) {
            assertEquals(StudyFixture.STUDY, study.name());
            assertEquals(StudyFixture.space(), study.config().space());
            StrategySpec.Reinforce strategy = (StrategySpec.Reinforce) study.config().strategy();
            assertEquals(new PolicySpec.Factorized(), strategy.policy());
            assertEquals(0.1, strategy.settings().adam().learningRate());
            assertEquals(StudyFixture.FINISHED + 1, study.trials().size(), "12 finished and one left running");
        }
    }
}
