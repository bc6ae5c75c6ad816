package org.nas4j.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** What the PostgreSQL backend adds to the contract: its tables, its versions, and how it fails to connect. */
class PostgresStudyStorageTest {

    private static PostgresLocation fresh() {
        return PostgresLocation.parse(PostgresServer.get().newDatabase(), PostgresServer.environment());
    }

    @Test
    void theTablesAreCreatedOnceByWorkersOpeningTogether() throws Exception {
        PostgresLocation location = fresh();
        List<Thread> workers = new java.util.ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        for (int i = 0; i < 4; i++) {
            Thread worker = new Thread(() -> {
                try (PostgresStudyStorage storage = PostgresStudyStorage.open(location)) {
                    storage.openStudy("s", "h", "c", "{}");
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        assertEquals(List.of(), failures);
        try (PostgresStudyStorage storage = PostgresStudyStorage.openReadOnly(location)) {
            assertEquals(1, storage.studies().size());
        }
    }

    @Test
    void aNewerSchemaIsRefusedWithWhatToDo() throws SQLException {
        PostgresLocation location = fresh();
        PostgresStudyStorage.open(location).close();
        try (Connection connection = PostgresServer.get().connect(location.database());
             Statement statement = connection.createStatement()) {
            statement.execute("UPDATE nas4j_meta SET value = '2' WHERE key = 'schema_version'");
        }
        for (Executable opening : List.<Executable>of(() -> PostgresStudyStorage.open(location),
                () -> PostgresStudyStorage.openReadOnly(location))) {
            StorageException refused = assertThrows(StorageException.class, opening);
            assertTrue(refused.getMessage().contains("has study schema version 2, written by a newer nas4j; this one "
                    + "reads version 1: run the newer nas4j on it"), refused.getMessage());
        }
    }

    @Test
    void aDatabaseWithoutNas4jsTablesIsNotReadAsAStudy() {
        PostgresLocation location = fresh();
        StorageException refused = assertThrows(StorageException.class,
                () -> PostgresStudyStorage.openReadOnly(location));
        assertTrue(refused.getMessage().contains("holds no nas4j study"), refused.getMessage());
        PostgresStudyStorage.open(location).close();
        try (PostgresStudyStorage reader = PostgresStudyStorage.openReadOnly(location)) {
            assertEquals(List.of(), reader.studies(), "opening to write made the tables");
        }
    }

    @Test
    void aWrongPasswordSaysWhereThePasswordComesFromAndDoesNotRepeatIt() {
        String url = PostgresServer.get().newDatabase();
        PostgresLocation wrong = PostgresLocation.parse(url, Map.of(PostgresLocation.PASSWORD_VARIABLE,
                "not-the-password"));
        StorageException refused = assertThrows(StorageException.class, () -> PostgresStudyStorage.open(wrong));
        assertTrue(refused.getMessage().contains("cannot reach the PostgreSQL database " + wrong), refused.getMessage());
        assertTrue(refused.getMessage().contains(PostgresLocation.PASSWORD_VARIABLE), refused.getMessage());
        assertFalse(refused.getMessage().contains("not-the-password"), refused.getMessage());
        assertTrue(refused.getMessage().contains("password authentication failed"), "the server's own reason: "
                + refused.getMessage());
        StorageException none = assertThrows(StorageException.class,
                () -> PostgresStudyStorage.open(PostgresLocation.parse(url, Map.of())));
        assertTrue(none.getMessage().contains("no password was provided"), none.getMessage());
    }

    @Test
    void aServerThatIsNotThereIsNamed() {
        PostgresLocation nowhere = PostgresLocation.parse("postgresql://127.0.0.1:1/none?user=u", Map.of());
        StorageException refused = assertThrows(StorageException.class, () -> PostgresStudyStorage.open(nowhere));
        assertTrue(refused.getMessage().contains("cannot reach the PostgreSQL database postgresql://127.0.0.1:1/none"
                + "?user=u") && refused.getMessage().contains("check that the server runs"), refused.getMessage());
    }
}
