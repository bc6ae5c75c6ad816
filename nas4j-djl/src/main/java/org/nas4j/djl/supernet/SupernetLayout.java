package org.nas4j.djl.supernet;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.nas4j.djl.model.BlockType;
import org.nas4j.djl.model.LayerSpec;
import org.nas4j.djl.model.NetworkOps;
import org.nas4j.djl.model.NetworkSpec;
import org.nas4j.djl.model.Op;

/**
 * Names every weight-holding operation of a network after the supernet weights it uses. The operations come from
 * {@link NetworkOps}, the same list the stand-alone network is built from, so a path through the supernet
 * computes exactly the network that is retrained. A name is the layer's position, its block and (per-choice) its
 * options, then the operation's role: {@code s2.l1.mbconv.dw}, {@code s2.l1.mbconv.k5.e6.se0.25.dw}.
 */
final class SupernetLayout {
    private final SupernetSpace space;
    private final Sharing sharing;

    SupernetLayout(SupernetSpace space, Sharing sharing) {
        this.space = space;
        this.sharing = sharing;
    }

    /** The path of a network through the supernet: stem, every layer, head. */
    List<PathLayer> path(NetworkSpec spec) {
        List<PathLayer> layers = new ArrayList<>();
        layers.add(new PathLayer(fixed("stem", NetworkOps.stem(space.network())), false));
        for (LayerSpec layer : spec.layers()) {
            layers.add(new PathLayer(searched(layer, layer.kernel()), layer.residual()));
        }
        layers.add(new PathLayer(fixed("head", NetworkOps.head(spec)), false));
        return layers;
    }

    /** Every layer whose weights the supernet stores, at their stored (largest) shapes. */
    List<PathLayer> storedLayers() {
        List<PathLayer> layers = new ArrayList<>();
        layers.add(new PathLayer(fixed("stem", NetworkOps.stem(space.network())), false));
        for (int s = 1; s <= space.stages().size(); s++) {
            SupernetSpace.Stage stage = space.stage(s);
            for (int i = 1; i <= stage.maxLayers(); i++) {
                for (BlockType block : stage.blocks()) {
                    List<LayerSpec> stored = sharing == Sharing.ENTANGLED
                            ? List.of(space.largestLayer(s, i, block)) : space.layerOptions(s, i, block);
                    for (LayerSpec layer : stored) {
                        // Stored entangled kernels carry the transforms to every smaller size of the stage.
                        layers.add(new PathLayer(searched(layer, stage.kernels().get(0)), false));
                    }
                }
            }
        }
        layers.add(new PathLayer(fixed("head", NetworkOps.head(space.network(), space.maxHeadInput())), false));
        return layers;
    }

    private static List<NamedOp> fixed(String prefix, List<Op> ops) {
        List<NamedOp> named = new ArrayList<>();
        String lastConv = "";
        for (Op op : ops) {
            if (op instanceof Op.Conv) {
                lastConv = prefix + ".conv";
                named.add(new NamedOp(op, lastConv, List.of()));
            } else if (op instanceof Op.BatchNorm) {
                named.add(new NamedOp(op, lastConv + ".bn", List.of()));
            } else if (op instanceof Op.Linear) {
                named.add(new NamedOp(op, prefix + ".fc", List.of()));
            } else {
                named.add(new NamedOp(op, "", List.of()));
            }
        }
        return named;
    }

    /**
     * A searched layer's operations, named by role: conv; or [expand], dw, [se], project. Its k x k convolution
     * lists the kernel sizes from the stored one down to {@code smallestKernel}.
     */
    private List<NamedOp> searched(LayerSpec layer, int smallestKernel) {
        String prefix = prefix(layer);
        List<Op> ops = NetworkOps.layer(layer);
        if (layer.residual()) {
            ops = ((Op.Residual) ops.get(0)).body();
        }
        List<NamedOp> named = new ArrayList<>();
        String lastConv = "";
        boolean expanded = !layer.hasExpansion();
        boolean depthwiseSeen = false;
        for (Op op : ops) {
            if (op instanceof Op.Conv) {
                String role;
                if (layer.block() == BlockType.CONV) {
                    role = "conv";
                } else if (!expanded) {
                    role = "expand";
                    expanded = true;
                } else if (!depthwiseSeen) {
                    role = "dw";
                    depthwiseSeen = true;
                } else {
                    role = "project";
                }
                lastConv = prefix + "." + role;
                boolean spatial = role.equals("conv") || role.equals("dw");
                named.add(new NamedOp(op, lastConv, spatial ? kernelChain(layer, smallestKernel) : List.of()));
            } else if (op instanceof Op.BatchNorm) {
                named.add(new NamedOp(op, lastConv + ".bn", List.of()));
            } else if (op instanceof Op.SqueezeExcite) {
                named.add(new NamedOp(op, prefix + ".se", List.of()));
            } else {
                named.add(new NamedOp(op, "", List.of()));
            }
        }
        return named;
    }

    /** Where a layer's weights live: its position and block, and per choice its kernel, expansion and SE ratio. */
    private String prefix(LayerSpec layer) {
        String position = "s" + layer.stage() + ".l" + layer.index() + "." + layer.block().text();
        if (sharing == Sharing.ENTANGLED) {
            return position;
        }
        String choice = position + ".k" + layer.kernel();
        if (layer.block() == BlockType.MBCONV) {
            choice += ".e" + layer.expansion();
        }
        if (layer.block() != BlockType.CONV) {
            choice += ".se" + BigDecimal.valueOf(layer.seRatio()).stripTrailingZeros().toPlainString();
        }
        return choice;
    }

    /** Kernel sizes from the stored kernel down to {@code smallest}: entangled layers store only the largest. */
    private List<Integer> kernelChain(LayerSpec layer, int smallest) {
        if (sharing != Sharing.ENTANGLED) {
            return List.of(layer.kernel());
        }
        List<Integer> kernels = space.stage(layer.stage()).kernels();
        List<Integer> chain = new ArrayList<>();
        for (int k = kernels.size() - 1; k >= 0 && kernels.get(k) >= smallest; k--) {
            chain.add(kernels.get(k));
        }
        return chain;
    }
}
