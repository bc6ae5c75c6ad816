package org.nas4j.scale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.nas4j.data.ImageShape;
import org.nas4j.djl.model.ModelCost;
import org.nas4j.djl.model.NetworkLayout;
import org.nas4j.djl.model.NetworkSettings;
import org.nas4j.djl.model.NetworkSpec;
import org.nas4j.djl.model.Scaling;
import org.nas4j.space.Architecture;
import org.nas4j.space.SearchSpace;

/**
 * A scaling run's members rebuilt from what its study stored (the base, each member's multipliers), without their
 * saved models: to time the family again on another machine, or on a quieter one. Each rebuilt network is checked
 * against the parameters and FLOPs the run recorded, so a wrong space or layout is caught.
 */
public final class ScaledMembers {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A member as rebuilt: its name, how it was scaled, and the network. */
    public record Rebuilt(String name, Way way, Scaling scaling, NetworkSpec network) {
    }

    private ScaledMembers() {
    }

    /**
     * The members of the scaling study whose stored config is {@code storedConfig}, built from its base
     * architecture read in {@code space} with the fixed parts of {@code layout} (the config the run scaled).
     */
    public static List<Rebuilt> rebuild(String storedConfig, SearchSpace space, NetworkLayout layout) {
        JsonNode config;
        try {
            config = JSON.readTree(storedConfig);
        } catch (IOException e) {
            throw new ScalingException("the study's config is no scaling run's: " + e.getMessage(), e);
        }
        if (!CompoundScaling.KIND.equals(config.path("kind").asText())) {
            throw new ScalingException("the study is no scaling run's (its config's kind is '"
                    + config.path("kind").asText() + "'): give the folder or file 'nas4j scale' wrote");
        }
        JsonNode base = config.path("base");
        Architecture architecture;
        try {
            architecture = space.parse(base.path("architecture").asText());
        } catch (RuntimeException e) {
            throw new ScalingException("the run's base is not an architecture of the config's space (" + e.getMessage()
                    + "): give the --config the run scaled", e);
        }
        String[] sides = base.path("input").asText().split("x");
        ImageShape input = new ImageShape(Integer.parseInt(sides[0]), Integer.parseInt(sides[1]),
                Integer.parseInt(sides[2]));
        NetworkSpec baseNetwork = NetworkSpec.of(architecture, new NetworkSettings(input, base.path("classes").asInt(),
                layout));
        List<Rebuilt> members = new ArrayList<>();
        for (JsonNode row : config.path("members")) {
            Scaling scaling = new Scaling(row.path("depth").asDouble(), row.path("width").asDouble(),
                    row.path("resolution").asDouble());
            NetworkSpec network = scaling.apply(baseNetwork);
            ModelCost cost = ModelCost.of(network);
            String name = row.path("name").asText();
            if (cost.parameters() != row.path("parameters").asLong() || cost.flops() != row.path("flops").asLong()) {
                throw new ScalingException(name + " rebuilds to " + cost.parameters() + " parameters and "
                        + cost.flops() + " FLOPs, but the run recorded " + row.path("parameters").asLong() + " and "
                        + row.path("flops").asLong() + ": give the --config the run scaled");
            }
            members.add(new Rebuilt(name, Way.valueOf(row.path("way").asText().toUpperCase(java.util.Locale.ROOT)),
                    scaling, network));
        }
        return members;
    }
}
