package org.nas4j.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.eval.Evaluator;
import org.nas4j.eval.Metrics;
import org.nas4j.eval.TrialContext;
import org.nas4j.reward.Reward;
import org.nas4j.space.Architecture;
import org.nas4j.space.SearchSpace;
import org.nas4j.strategy.RandomSearch;
import org.nas4j.strategy.StateJson;
import org.nas4j.study.Curve;
import org.nas4j.study.StudyRunner;
import org.nas4j.study.StudyStorage;
import org.nas4j.study.StudyStorage.StoredTrial;
import org.nas4j.study.TrialResult;
import org.nas4j.study.TrialState;
import org.nas4j.toy.ChainToy;

/** What is particular to a SQLite file; what every storage promises is in {@link StudyStorageContract}. */
class SqliteStudyStorageTest {
    private final SearchSpace space = SearchSpace.builder().decision("kernel", 3, 5, 7).decision("se", 0, 0.25)
            .build();

    /** A study file with a finished trial, a running one and a strategy state, closed. */
    private Path written(Path dir) {
        Path file = dir.resolve("study.db");
        try (SqliteStudyStorage storage = SqliteStudyStorage.open(file)) {
            storage.openStudy("s", "h", "c", "{}");
            storage.startTrial("s", space.architecture(1, 1));
            storage.finishTrial("s", TrialResult.completed(0, space.architecture(1, 1), Metrics.ofAccuracy(0.8), 0.8),
                    5, 1.0, StateJson.newState("test"), Optional.empty());
            storage.startTrial("s", space.architecture(0, 0));
        }
        return file;
    }

    private static List<TrialState> states(SqliteStudyStorage storage, SearchSpace space) {
        return storage.trials("s", space).stream().map(t -> t.result().state()).toList();
    }

    /**
     * Opened to read, a file in a folder that nobody may write is read and left as it was: its bytes and time, and
     * no -wal or -shm beside it. (Run as root the permissions stop nothing; what is left behind is checked all the
     * same, and {@link #sqliteItselfRefusesWritesOnTheReadOnlyConnections} checks that SQLite would refuse writes.)
     */
    @Test
    void openedToReadAFileIsLeftAsItWas(@TempDir Path root) throws IOException {
        Path dir = Files.createDirectories(root.resolve("read only #1")); // a name a URI must escape
        Path file = written(dir);
        assertEquals(List.of(file), list(dir), "the writer removed its -wal and -shm");
        byte[] bytes = Files.readAllBytes(file);
        FileTime modified = Files.getLastModifiedTime(file);
        boolean posix = Files.getFileAttributeView(file, PosixFileAttributeView.class) != null;
        if (posix) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r--r--"));
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
        }
        try (SqliteStudyStorage storage = SqliteStudyStorage.openReadOnly(file)) {
            assertEquals(List.of(TrialState.COMPLETE, TrialState.RUNNING), states(storage, space));
            assertEquals("test", storage.strategyState("s").orElseThrow().get("kind").asText());
            assertEquals(List.of("s"), storage.studies().stream().map(StudyStorage.StudyInfo::name).toList());
            StorageException refused = assertThrows(StorageException.class,
                    () -> storage.failRunning("s", "interrupted"));
            assertTrue(refused.getMessage().contains(file + " was opened read-only"), refused.getMessage());
            assertThrows(StorageException.class, () -> storage.recordCurve("s", 0, "val_accuracy",
                    List.of(new Curve.Point(1, 0.5))));
        } finally {
            if (posix) {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
            }
        }
        assertArrayEquals(bytes, Files.readAllBytes(file));
        assertEquals(modified, Files.getLastModifiedTime(file));
        assertEquals(List.of(file), list(dir), "no -wal or -shm left behind");
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }

    /** Both ways the storage connects to read are read-only to SQLite itself, not only to the storage's methods. */
    @Test
    void sqliteItselfRefusesWritesOnTheReadOnlyConnections(@TempDir Path dir) throws SQLException {
        Path file = written(dir);
        assertRefusesWrites(SqliteStudyStorage.readOnlyUrl(file, false));
        try (SqliteStudyStorage writer = SqliteStudyStorage.open(file)) {
            writer.startTrial("s", space.architecture(2, 0));
            assertTrue(Files.exists(SqliteStudyStorage.walFile(file)), "a writer at work keeps a -wal");
            assertRefusesWrites(SqliteStudyStorage.readOnlyUrl(file, true));
        }
    }

    private static void assertRefusesWrites(String url) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url);
             Statement statement = connection.createStatement()) {
            try (ResultSet count = statement.executeQuery("SELECT COUNT(*) FROM trials")) {
                assertTrue(count.getInt(1) >= 2, url + " reads the trials");
            }
            SQLException refused = assertThrows(SQLException.class,
                    () -> statement.executeUpdate("DELETE FROM trials"));
            assertTrue(refused.getMessage().contains("SQLITE_READONLY"), url + ": " + refused.getMessage());
        }
    }

    /** A reader opened before a worker starts writing sees what the worker writes, then and after it stops. */
    @Test
    void openedToReadAFileFollowsAWriterThatStartsLater(@TempDir Path dir) {
        Path file = written(dir);
        try (SqliteStudyStorage reader = SqliteStudyStorage.openReadOnly(file)) {
            assertEquals(List.of(TrialState.COMPLETE, TrialState.RUNNING), states(reader, space));
            try (SqliteStudyStorage writer = SqliteStudyStorage.open(file)) {
                writer.failRunning("s", "interrupted");
                assertEquals(List.of(TrialState.COMPLETE, TrialState.FAILED), states(reader, space));
                writer.startTrial("s", space.architecture(2, 1));
                assertEquals(List.of(TrialState.COMPLETE, TrialState.FAILED, TrialState.RUNNING),
                        states(reader, space));
            }
            assertEquals(List.of(TrialState.COMPLETE, TrialState.FAILED, TrialState.RUNNING), states(reader, space));
        }
    }

    /** A -wal that SQLite cannot read (here it is a folder) is an error that says why. */
    @Test
    void openedToReadAFileWhoseLogCannotBeReadIsAnErrorThatSaysWhy(@TempDir Path dir) throws IOException {
        Path file = written(dir);
        Files.createDirectory(SqliteStudyStorage.walFile(file));
        StorageException e = assertThrows(StorageException.class, () -> SqliteStudyStorage.openReadOnly(file));
        assertTrue(e.getMessage().contains("its write-ahead log " + SqliteStudyStorage.walFile(file) + " is beside"),
                e.getMessage());
    }

    @Test
    void openedToReadAMissingFileIsAnErrorAndCreatesNothing(@TempDir Path dir) throws IOException {
        Path missing = dir.resolve("nothing.db");
        StorageException e = assertThrows(StorageException.class, () -> SqliteStudyStorage.openReadOnly(missing));
        assertTrue(e.getMessage().contains("there is no study file " + missing + " (it does not exist)"),
                e.getMessage());
        assertEquals(List.of(), list(dir));
    }

    @Test
    void aFileThatIsNotAStudyFileIsRefused(@TempDir Path dir) throws Exception {
        Path text = Files.writeString(dir.resolve("notes.txt"), "not a database, but long enough for one. ".repeat(20));
        StorageException notSqlite = assertThrows(StorageException.class,
                () -> SqliteStudyStorage.openReadOnly(text));
        assertTrue(notSqlite.getMessage().startsWith("cannot read the study file " + text), notSqlite.getMessage());
        Path other = dir.resolve("other.db");
        alter(other, "CREATE TABLE something (x)");
        StorageException notNas4j = assertThrows(StorageException.class,
                () -> SqliteStudyStorage.openReadOnly(other));
        assertTrue(notNas4j.getMessage().contains("is not a nas4j study file"), notNas4j.getMessage());
    }

    /** Changes a study file behind the storage's back, as another program (or an older nas4j) would. */
    private static void alter(Path file, String... statements) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    /**
     * A version-2 file written before the claims and curves tables were added is read without them (no workers, no
     * curves), and gets them when opened to write.
     */
    @Test
    void aFileWithoutTheTablesAddedLaterIsReadAndGetsThemWhenWritten(@TempDir Path dir) throws SQLException {
        Path file = written(dir);
        alter(file, "DROP TABLE curves", "DROP TABLE trial_claims");
        try (SqliteStudyStorage reader = SqliteStudyStorage.openReadOnly(file)) {
            assertEquals(List.of(), reader.curves("s"));
            assertEquals(0, reader.progress("s").curvePoints());
            assertEquals(List.of(), reader.heartbeats("s"));
            assertEquals(List.of(TrialState.COMPLETE, TrialState.RUNNING), states(reader, space));
        }
        try (SqliteStudyStorage writer = SqliteStudyStorage.open(file)) {
            writer.recordCurve("s", 0, "val_accuracy", List.of(new Curve.Point(1, 0.5)));
            assertEquals(1, writer.progress("s").curvePoints());
        }
    }

    @Test
    void aFileOfAnotherSchemaVersionIsRefused(@TempDir Path dir) throws SQLException {
        Path file = written(dir);
        alter(file, "UPDATE nas4j_meta SET value = '3' WHERE key = 'schema_version'");
        for (Executable opening : List.<Executable>of(() -> SqliteStudyStorage.open(file),
                () -> SqliteStudyStorage.openReadOnly(file))) {
            StorageException e = assertThrows(StorageException.class, opening);
            assertTrue(e.getMessage().contains("has study schema version 3, written by a newer nas4j; this one reads version 2"),
                    e.getMessage());
        }
    }

    /** A time budget stops the study between trials, and a resumed study counts the time its trials took before. */
    @Test
    void aTimeBudgetStopsTheStudyAcrossRestarts(@TempDir Path dir) {
        ChainToy toy = new ChainToy(4, 3, 0.0, 5);
        Evaluator slow = new Evaluator() {
            @Override
            public SearchSpace space() {
                return toy.space();
            }

            @Override
            public Metrics evaluate(Architecture architecture, TrialContext context) {
                try {
                    Thread.sleep(30);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return toy.evaluate(architecture, context);
            }
        };
        Path file = dir.resolve("budget.db");
        try (SqliteStudyStorage storage = SqliteStudyStorage.open(file)) {
            storage.openStudy("s", "h", "c", "{}");
            List<StoredTrial> trials = new StudyRunner("s", storage, new RandomSearch(toy.space(), 1), slow,
                    Reward.accuracy(), 9).run(100, OptionalDouble.of(0.1), (t, s) -> { });
            // Each trial takes at least 30 ms: the budget is spent after at most 4 of them.
            assertTrue(trials.size() >= 1 && trials.size() <= 4, trials.size() + " trials");
            double spent = trials.stream().mapToDouble(StoredTrial::seconds).sum();
            assertTrue(spent >= 0.1 && spent - trials.get(trials.size() - 1).seconds() < 0.1, "spent " + spent);
        }
        try (SqliteStudyStorage storage = SqliteStudyStorage.open(file)) {
            storage.openStudy("s", "h", "c", "{}");
            StudyRunner again = new StudyRunner("s", storage, new RandomSearch(toy.space(), 1), slow,
                    Reward.accuracy(), 9);
            int before = again.finishedTrials();
            assertEquals(before, again.run(100, OptionalDouble.of(0.1), (t, s) -> { }).size(),
                    "a resumed study whose budget is spent starts no trial");
            int after = again.run(100, OptionalDouble.of(0.1 + 0.05), (t, s) -> { }).size();
            assertTrue(after > before && after <= before + 2, "a larger budget buys more trials: " + after);
        }
    }
}
