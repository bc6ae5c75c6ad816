package org.nas4j.djl.supernet;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.nas4j.djl.model.BlockType;
import org.nas4j.djl.model.LayerSpec;
import org.nas4j.djl.model.ModelCost;
import org.nas4j.djl.model.NetworkSettings;
import org.nas4j.djl.model.NetworkSpec;
import org.nas4j.space.Architecture;
import org.nas4j.space.Decision;
import org.nas4j.space.OptionValue;
import org.nas4j.space.SearchSpace;
import org.nas4j.space.SearchSpaceException;

/**
 * What a supernet must hold: for each stage of the network, the options its decisions can take, read from the
 * search space. Only the {@code stage<s>.*} decisions that {@link NetworkSpec} reads can be shared or switched;
 * a space with any other decision is refused here, by name, since the supernet would score architectures that
 * differ only in it the same.
 */
public record SupernetSpace(SearchSpace space, NetworkSettings network, List<Stage> stages) {
    private static final List<String> FIELDS = List.of("block", "kernel", "expansion", "se", "layers", "filters",
            "skip");

    /** The options of one stage's decisions, each list in ascending order (blocks in their enum order). */
    public record Stage(List<BlockType> blocks, List<Integer> kernels, List<Integer> expansions,
                        List<Double> seRatios, List<Integer> layers, List<Integer> filters, int stride) {
        public Stage {
            blocks = List.copyOf(blocks);
            kernels = List.copyOf(kernels);
            expansions = List.copyOf(expansions);
            seRatios = List.copyOf(seRatios);
            layers = List.copyOf(layers);
            filters = List.copyOf(filters);
        }

        public int maxLayers() {
            return layers.get(layers.size() - 1);
        }

        public int maxFilters() {
            return filters.get(filters.size() - 1);
        }

        public int maxKernel() {
            return kernels.get(kernels.size() - 1);
        }
    }

    public SupernetSpace {
        stages = List.copyOf(stages);
    }

    /** Reads the options of every stage; a decision the supernet cannot hold is an error that names it. */
    public static SupernetSpace of(SearchSpace space, NetworkSettings network) {
        int count = network.stageCount();
        for (Decision decision : space.decisions()) {
            if (!isStageDecision(decision.name(), count)) {
                throw new SearchSpaceException("the supernet cannot share or switch decision '" + decision.name()
                        + "': it holds only the decisions stage<s>." + String.join("|", FIELDS) + " of the network's "
                        + count + " stages (network.stage_strides); remove it or search with evaluator: train");
            }
        }
        List<Stage> stages = new ArrayList<>();
        for (int s = 1; s <= count; s++) {
            List<BlockType> blocks = new ArrayList<>();
            for (OptionValue option : options(space, s, "block")) {
                BlockType block = BlockType.fromText(NetworkSpec.decision(s, "block"), option.toString());
                if (!blocks.contains(block)) {
                    blocks.add(block);
                }
            }
            blocks.sort(null);
            stages.add(new Stage(blocks, ints(space, s, "kernel"), ints(space, s, "expansion"),
                    reals(space, s, "se"), ints(space, s, "layers"), ints(space, s, "filters"),
                    network.stageStride(s)));
        }
        SupernetSpace result = new SupernetSpace(space, network, stages);
        // The largest and smallest architectures must make networks: the stand-alone parser names what is wrong.
        NetworkSpec.of(result.extreme(true), network);
        NetworkSpec.of(result.extreme(false), network);
        return result;
    }

    private static boolean isStageDecision(String name, int stageCount) {
        for (int s = 1; s <= stageCount; s++) {
            for (String field : FIELDS) {
                if (name.equals(NetworkSpec.decision(s, field))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static List<OptionValue> options(SearchSpace space, int stage, String field) {
        String name = NetworkSpec.decision(stage, field);
        if (!space.names().contains(name)) {
            throw new SearchSpaceException("the supernet needs decision '" + name + "' (every stage has block, "
                    + "kernel, expansion, se, layers, filters and skip; fix one with a single option)");
        }
        return space.decision(space.indexOf(name)).options();
    }

    private static List<Integer> ints(SearchSpace space, int stage, String field) {
        Set<Integer> values = new TreeSet<>();
        for (OptionValue option : options(space, stage, field)) {
            if (!(option instanceof OptionValue.Int value) || value.value() < 1 || value.value() > 1 << 20) {
                throw new SearchSpaceException("decision '" + NetworkSpec.decision(stage, field) + "' must have "
                        + "positive integer options, got '" + option + "'");
            }
            if (field.equals("kernel") && value.value() % 2 == 0) {
                throw new SearchSpaceException("decision '" + NetworkSpec.decision(stage, field) + "' must have odd "
                        + "kernel sizes (padding k/2 keeps the size only for odd k), got " + value.value());
            }
            values.add((int) value.value());
        }
        return List.copyOf(values);
    }

    private static List<Double> reals(SearchSpace space, int stage, String field) {
        Set<Double> values = new TreeSet<>();
        for (OptionValue option : options(space, stage, field)) {
            double ratio = option instanceof OptionValue.Int i ? i.value()
                    : option instanceof OptionValue.Real r ? r.value() : Double.NaN;
            if (!(ratio >= 0 && ratio <= 1)) {
                throw new SearchSpaceException("decision '" + NetworkSpec.decision(stage, field) + "' must have "
                        + "ratios in [0, 1], got '" + option + "'");
            }
            values.add(ratio);
        }
        return List.copyOf(values);
    }

    public Stage stage(int stage) {
        return stages.get(stage - 1);
    }

    /** The widest input layer {@code index} of {@code stage} can see: the previous stage's widest, or the stem. */
    public int maxInput(int stage, int index) {
        if (index > 1) {
            return stage(stage).maxFilters();
        }
        return stage == 1 ? network.stemChannels() : stage(stage - 1).maxFilters();
    }

    /** The widest input the head can see. */
    public int maxHeadInput() {
        return stage(stages.size()).maxFilters();
    }

    /**
     * Layer {@code index} of {@code stage} as {@code block} at its largest: widest input and output, largest kernel,
     * expansion and SE ratio. Entangled weights have these shapes.
     */
    public LayerSpec largestLayer(int stage, int index, BlockType block) {
        Stage options = stage(stage);
        return layer(stage, index, block, options.maxKernel(), last(options.expansions()), last(options.seRatios()));
    }

    /**
     * The distinct layers {@code block} can be at this position, at the widest widths: one per kernel, and per
     * expansion (mbconv) and SE ratio (dwsep, mbconv) where the block uses them. Per-choice weights have these.
     */
    public List<LayerSpec> layerOptions(int stage, int index, BlockType block) {
        Stage options = stage(stage);
        List<LayerSpec> layers = new ArrayList<>();
        for (int kernel : options.kernels()) {
            for (int expansion : block == BlockType.MBCONV ? options.expansions() : List.of(1)) {
                for (double se : block == BlockType.CONV ? List.of(0.0) : options.seRatios()) {
                    layers.add(layer(stage, index, block, kernel, expansion, se));
                }
            }
        }
        return layers;
    }

    private LayerSpec layer(int stage, int index, BlockType block, int kernel, int expansion, double se) {
        return new LayerSpec(stage, index, block, kernel, expansion, se, maxInput(stage, index),
                stage(stage).maxFilters(), index == 1 ? stage(stage).stride() : 1, false);
    }

    private static <T> T last(List<T> values) {
        return values.get(values.size() - 1);
    }

    /**
     * The architecture of the space with the most (or fewest) multiply-adds, found one decision at a time until
     * no single change improves it: the "largest" and "smallest" paths of the sandwich rule. Ties keep the earlier
     * option.
     */
    public Architecture extreme(boolean largest) {
        Architecture current = space.architecture(new int[space.size()]).canonical();
        boolean changed = true;
        for (int round = 0; changed && round < 10; round++) {
            changed = false;
            for (int d = 0; d < space.size(); d++) {
                for (int option = 0; option < space.decision(d).size(); option++) {
                    Architecture candidate = current.with(d, option).canonical();
                    if (candidate.equals(current)) {
                        continue;
                    }
                    long a = flops(candidate);
                    long b = flops(current);
                    if (largest ? a > b : a < b) {
                        current = candidate;
                        changed = true;
                    }
                }
            }
        }
        return current;
    }

    private long flops(Architecture architecture) {
        return ModelCost.of(NetworkSpec.of(architecture, network)).flops();
    }
}
