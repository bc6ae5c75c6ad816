package org.nas4j.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.study.StudyStorage;

/** The storage contract, kept by a SQLite file. */
class SqliteStudyStorageContractTest extends StudyStorageContract {
    @TempDir
    Path dir;
    private Path file;
    private int made;

    @Override
    protected StudyStorage create() {
        file = dir.resolve("study-" + made++ + ".db");
        return SqliteStudyStorage.open(file);
    }

    @Override
    protected StudyStorage openAgain() {
        return SqliteStudyStorage.open(file);
    }

    @Override
    protected StudyStorage openReadOnly() {
        return SqliteStudyStorage.openReadOnly(file);
    }
}
