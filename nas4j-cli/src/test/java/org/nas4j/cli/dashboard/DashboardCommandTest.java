package org.nas4j.cli.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.cli.Commands;
import org.nas4j.cli.Commands.Outcome;

/** What the dashboard command refuses before it serves anything. */
class DashboardCommandTest {

    @Test
    void badInputExitsWith2AndSaysWhatToGive(@TempDir Path dir) {
        Outcome neither = Commands.run("dashboard");
        assertEquals(2, neither.exitCode());
        assertTrue(neither.err().contains("give a study folder or --storage URL"), neither.err());
        Outcome port = Commands.run("dashboard", dir.toString(), "--port", "70000");
        assertEquals(2, port.exitCode());
        assertTrue(port.err().contains("--port must be in [0, 65535]"), port.err());
        Outcome host = Commands.run("dashboard", dir.toString(), "--host", "no.such.host.invalid");
        assertEquals(2, host.exitCode());
        assertTrue(host.err().contains("is no address this machine knows"), host.err());
        Outcome missing = Commands.run("dashboard", dir.resolve("nowhere").toString());
        assertEquals(2, missing.exitCode(), missing.err());
        Outcome otherDatabase = Commands.run("dashboard", "--storage", "mysql://db/nas4j");
        assertEquals(2, otherDatabase.exitCode(), otherDatabase.err());
        assertFalse(otherDatabase.err().contains("\tat "), otherDatabase.err());
    }
}
