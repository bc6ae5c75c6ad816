package org.nas4j.bench.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.nas4j.cli.Main;

/** Runs the nas4j command line, this module's commands included, and keeps what it printed. */
final class Commands {
    private Commands() {
    }

    /** What one invocation printed and returned. */
    record Outcome(int exitCode, String out, String err) {
    }

    static Outcome run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Outcome(code, out.toString(), err.toString());
    }

    /** The JSON an invocation printed. */
    static JsonNode json(String text) {
        try {
            return new ObjectMapper().readTree(text.strip());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }
}
