package org.nas4j.djl.profile;

import ai.djl.engine.Engine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.nas4j.djl.engine.Engines;

/** The machine a latency was measured on: recorded with every measurement, since latency means nothing without. */
public record DeviceInfo(String cpu, int processors, String engine, String engineVersion, String djlVersion,
                         String javaVersion, String os) {

    /** This machine. */
    public static DeviceInfo current() {
        Engine engine = Engines.pytorch();
        return new DeviceInfo(cpuModel(), Runtime.getRuntime().availableProcessors(), engine.getEngineName(),
                engine.getVersion(), Engine.getDjlVersion(), System.getProperty("java.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    }

    private static String cpuModel() {
        try {
            Optional<String> model = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(line -> line.startsWith("model name")).map(line -> line.substring(line.indexOf(':') + 1)
                            .strip()).findFirst();
            return model.orElse(System.getProperty("os.arch"));
        } catch (IOException | RuntimeException e) {
            return System.getProperty("os.arch"); // not Linux: the architecture is the best we know
        }
    }

    @Override
    public String toString() {
        return cpu + ", " + processors + " processors, " + engine + " " + engineVersion + " (DJL " + djlVersion
                + "), Java " + javaVersion;
    }
}
