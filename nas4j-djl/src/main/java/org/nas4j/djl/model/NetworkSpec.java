package org.nas4j.djl.model;

import java.util.ArrayList;
import java.util.List;
import org.nas4j.space.Architecture;
import org.nas4j.space.SearchSpaceException;

/**
 * An architecture of the MnasNet-style space parsed once into typed stages, which {@link NetworkBuilder} and
 * {@link ModelCost} share. Stage s reads the decisions {@code stage<s>.block, .kernel, .expansion, .se, .layers,
 * .filters, .skip} by name, so the order of decisions in the space does not matter and extra decisions are ignored.
 */
public record NetworkSpec(NetworkSettings settings, List<StageSpec> stages) {

    public NetworkSpec {
        if (settings == null || stages == null || stages.size() != settings.stageCount()) {
            throw new IllegalArgumentException("a network needs its settings and one stage per stage stride ("
                    + (settings == null ? "?" : settings.stageCount()) + "), got "
                    + (stages == null ? "none" : stages.size()));
        }
        stages = List.copyOf(stages);
    }

    /** Parses an architecture; a missing decision or a value no network can have is an error that names it. */
    public static NetworkSpec of(Architecture architecture, NetworkSettings settings) {
        List<StageSpec> stages = new ArrayList<>(settings.stageCount());
        for (int s = 1; s <= settings.stageCount(); s++) {
            stages.add(new StageSpec(
                    BlockType.fromText(decision(s, "block"), architecture.textValue(decision(s, "block"))),
                    kernel(architecture, decision(s, "kernel")),
                    atLeast(architecture, decision(s, "expansion"), 1),
                    seRatio(architecture, decision(s, "se")),
                    atLeast(architecture, decision(s, "layers"), 1),
                    atLeast(architecture, decision(s, "filters"), 1),
                    Skip.fromText(decision(s, "skip"), architecture.textValue(decision(s, "skip"))),
                    settings.stageStride(s)));
        }
        return new NetworkSpec(settings, stages);
    }

    /** The name of a stage's decision, e.g. {@code decision(2, "kernel")} is {@code stage2.kernel}. */
    public static String decision(int stage, String field) {
        return "stage" + stage + "." + field;
    }

    /** Every layer of every stage in order, with its input width, stride and residual resolved. */
    public List<LayerSpec> layers() {
        List<LayerSpec> layers = new ArrayList<>();
        int channels = settings.stemChannels();
        for (int s = 1; s <= stages.size(); s++) {
            StageSpec stage = stages.get(s - 1);
            for (int i = 1; i <= stage.layers(); i++) {
                boolean first = i == 1;
                layers.add(new LayerSpec(s, i, stage.block(), stage.kernel(), stage.expansion(), stage.seRatio(),
                        channels, stage.filters(), first ? stage.stride() : 1,
                        !first && stage.skip() == Skip.IDENTITY));
                channels = stage.filters();
            }
        }
        return layers;
    }

    /** The width the head receives: the last stage's filters. */
    public int lastChannels() {
        return stages.get(stages.size() - 1).filters();
    }

    private static int kernel(Architecture architecture, String name) {
        int kernel = atLeast(architecture, name, 1);
        if (kernel % 2 == 0) {
            throw new SearchSpaceException("decision '" + name + "' must be an odd kernel size (padding k/2 keeps"
                    + " the size only for odd k), got " + kernel);
        }
        return kernel;
    }

    private static int atLeast(Architecture architecture, String name, int minimum) {
        long value = architecture.intValue(name);
        // The upper bound keeps every width product of the cost count far from overflow.
        if (value < minimum || value > 1 << 20) {
            throw new SearchSpaceException("decision '" + name + "' must be an integer from " + minimum + " to "
                    + (1 << 20) + ", got " + value);
        }
        return (int) value;
    }

    private static double seRatio(Architecture architecture, String name) {
        double ratio = architecture.doubleValue(name);
        if (!(ratio >= 0 && ratio <= 1)) {
            throw new SearchSpaceException("decision '" + name + "' must be a squeeze-and-excitation ratio in"
                    + " [0, 1] (0 for none), got " + ratio);
        }
        return ratio;
    }
}
