package org.nas4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * Runs the nas4j command line as a user meets it, keeping what it printed; shared with the modules whose commands
 * join it (nas4j-bench), through this module's test jar.
 */
public final class Commands {
    private Commands() {
    }

    /** What one invocation printed and returned. */
    public record Outcome(int exitCode, String out, String err) {
        /** The JSON it printed. */
        public JsonNode json() {
            try {
                return new ObjectMapper().readTree(out.strip());
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + out, e);
            }
        }
    }

    public static Outcome run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Outcome(code, out.toString(), err.toString());
    }
}
