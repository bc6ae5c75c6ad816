package org.nas4j.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Storage URLs: what they name, where the password comes from, and the refusals that say what to write. */
class PostgresLocationTest {
    private static final Map<String, String> NO_PASSWORD = Map.of();

    @Test
    void aUrlNamesHostPortDatabaseUserAndDriverParameters() {
        PostgresLocation location = PostgresLocation.parse(
                "postgresql://db.lab:6543/nas?user=alice&sslmode=require", Map.of("NAS4J_STORAGE_PASSWORD", "s3"));
        assertEquals("db.lab", location.host());
        assertEquals(6543, location.port());
        assertEquals("nas", location.database());
        assertEquals("alice", location.user());
        assertEquals(Map.of("sslmode", "require"), location.parameters());
        assertEquals(Optional.of("s3"), location.password());
        assertEquals("jdbc:postgresql://db.lab:6543/nas?sslmode=require", location.jdbcUrl());
    }

    @Test
    void thePortDefaultsAndTheUserMayStandBeforeTheHost() {
        PostgresLocation location = PostgresLocation.parse("postgres://bob@localhost/studies", NO_PASSWORD);
        assertEquals(PostgresLocation.DEFAULT_PORT, location.port());
        assertEquals("bob", location.user());
        assertEquals(Optional.empty(), location.password());
        assertEquals(location, PostgresLocation.parse("jdbc:postgresql://localhost:5432/studies?user=bob",
                NO_PASSWORD));
    }

    @Test
    void itPrintsWithoutThePasswordAndParsesBackToTheSamePlace() {
        Map<String, String> environment = Map.of("NAS4J_STORAGE_PASSWORD", "very-secret");
        PostgresLocation location = PostgresLocation.parse("postgresql://h:1/d?user=u&sslmode=disable", environment);
        assertFalse(location.toString().contains("very-secret"), location.toString());
        assertEquals(location, PostgresLocation.parse(location.toString(), environment));
    }

    @Test
    void aPasswordInTheUrlIsRefusedAndNamesTheVariable() {
        for (String url : new String[] {"postgresql://u:pw@h/d", "postgresql://h/d?user=u&password=pw",
                "postgresql://h/d?user=u&sslpassword=pw"}) {
            StorageException refused = assertThrows(StorageException.class, () -> PostgresLocation.parse(url,
                    NO_PASSWORD));
            assertTrue(refused.getMessage().contains("set NAS4J_STORAGE_PASSWORD"), refused.getMessage());
            assertFalse(refused.getMessage().contains("pw"), "the password is not repeated: " + refused.getMessage());
        }
    }

    @Test
    void aUrlWithoutUserDatabaseOrHostSaysWhatToWrite() {
        assertTrue(assertThrows(StorageException.class, () -> PostgresLocation.parse("postgresql://h/d",
                NO_PASSWORD)).getMessage().contains("add ?user=NAME"));
        assertTrue(assertThrows(StorageException.class, () -> PostgresLocation.parse("postgresql://h/?user=u",
                NO_PASSWORD)).getMessage().contains("names no database"));
        assertTrue(assertThrows(StorageException.class, () -> PostgresLocation.parse("postgresql:///d?user=u",
                NO_PASSWORD)).getMessage().contains("names no host"));
        assertTrue(assertThrows(StorageException.class, () -> PostgresLocation.parse("mysql://h/d", NO_PASSWORD))
                .getMessage().contains("is not a PostgreSQL URL"));
    }

    @Test
    void anIpv6HostAndEncodedValuesRoundTrip() {
        PostgresLocation location = PostgresLocation.parse("postgresql://[::1]:5433/d?user=a%26b&options=-c%20x%3D1",
                NO_PASSWORD);
        assertEquals("::1", location.host());
        assertEquals("a&b", location.user());
        assertEquals(Map.of("options", "-c x=1"), location.parameters());
        assertTrue(location.jdbcUrl().startsWith("jdbc:postgresql://[::1]:5433/d?"), location.jdbcUrl());
        assertEquals(location, PostgresLocation.parse(location.toString(), NO_PASSWORD));
    }

    @Test
    void postgresUrlsAreToldFromFiles() {
        assertTrue(PostgresLocation.isPostgres("postgresql://h/d?user=u"));
        assertTrue(PostgresLocation.isPostgres("jdbc:postgresql://h/d"));
        assertFalse(PostgresLocation.isPostgres("runs/fashion-mnist/study.db"));
    }
}
