package org.nas4j.bench.oneshot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a long benchmark has measured, one JSON line per value ({@code id}, {@code value}, {@code seconds}) appended
 * to {@code results.jsonl} as soon as it is measured, so that a run stopped at any point goes on where it stopped.
 */
final class ResultLog {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final Map<String, Double> values = new LinkedHashMap<>();

    /** The log in {@code dir}, with what earlier runs wrote there. */
    ResultLog(Path dir) {
        this.file = dir.resolve("results.jsonl");
        if (Files.exists(file)) {
            try {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (!line.isBlank()) {
                        JsonNode node = JSON.readTree(line);
                        values.put(node.get("id").asText(), node.get("value").asDouble());
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
            }
        }
    }

    Optional<Double> get(String id) {
        return Optional.ofNullable(values.get(id));
    }

    boolean has(String id) {
        return values.containsKey(id);
    }

    void put(String id, double value, double seconds) {
        values.put(id, value);
        ObjectNode node = JSON.createObjectNode().put("id", id).put("value", value).put("seconds", seconds);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, node + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
