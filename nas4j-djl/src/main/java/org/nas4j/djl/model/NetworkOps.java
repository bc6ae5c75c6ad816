package org.nas4j.djl.model;

import java.util.ArrayList;
import java.util.List;

/**
 * The operations of a {@link NetworkSpec}, in order: the stem (conv, BatchNorm, ReLU), each layer, the head (1 x 1
 * conv, BatchNorm, ReLU, global average pooling, linear). Convolutions followed by BatchNorm have no bias.
 */
public final class NetworkOps {
    private NetworkOps() {
    }

    public static List<Op> of(NetworkSpec spec) {
        List<Op> ops = new ArrayList<>(stem(spec.settings()));
        for (LayerSpec layer : spec.layers()) {
            ops.addAll(layer(layer));
        }
        ops.addAll(head(spec));
        return List.copyOf(ops);
    }

    /** The fixed stem: conv, BatchNorm, ReLU. */
    public static List<Op> stem(NetworkSettings settings) {
        return List.of(new Op.Conv(settings.inputChannels(), settings.stemChannels(), settings.stemKernel(),
                settings.stemStride(), 1, false), new Op.BatchNorm(settings.stemChannels()), new Op.Relu());
    }

    /** The fixed head: 1 x 1 conv, BatchNorm, ReLU, global average pooling, linear to the classes. */
    public static List<Op> head(NetworkSpec spec) {
        return head(spec.settings(), spec.lastChannels());
    }

    /** The head of a network whose last stage has {@code lastChannels} filters. */
    public static List<Op> head(NetworkSettings settings, int lastChannels) {
        return List.of(new Op.Conv(lastChannels, settings.headChannels(), 1, 1, 1, false),
                new Op.BatchNorm(settings.headChannels()), new Op.Relu(), new Op.GlobalAveragePool(),
                new Op.Linear(settings.headChannels(), settings.classes()));
    }

    /** One layer's operations, wrapped in a {@link Op.Residual} where the layer has an identity skip. */
    public static List<Op> layer(LayerSpec layer) {
        List<Op> body = body(layer);
        return layer.residual() ? List.of(new Op.Residual(body)) : body;
    }

    private static List<Op> body(LayerSpec layer) {
        int in = layer.inChannels();
        int out = layer.outChannels();
        if (layer.block() == BlockType.CONV) {
            return List.of(new Op.Conv(in, out, layer.kernel(), layer.stride(), 1, false), new Op.BatchNorm(out),
                    new Op.Relu());
        }
        List<Op> ops = new ArrayList<>();
        int wide = layer.depthwiseChannels();
        if (layer.hasExpansion()) {
            ops.addAll(List.of(new Op.Conv(in, wide, 1, 1, 1, false), new Op.BatchNorm(wide), new Op.Relu()));
        }
        ops.addAll(List.of(new Op.Conv(wide, wide, layer.kernel(), layer.stride(), wide, false),
                new Op.BatchNorm(wide), new Op.Relu()));
        if (layer.hasSqueezeExcitation()) {
            ops.add(new Op.SqueezeExcite(wide, layer.squeezeChannels()));
        }
        ops.addAll(List.of(new Op.Conv(wide, out, 1, 1, 1, false), new Op.BatchNorm(out)));
        // mbconv's projection is linear (MobileNetV2): a ReLU there would discard information in the bottleneck.
        if (layer.block() == BlockType.DWSEP) {
            ops.add(new Op.Relu());
        }
        return List.copyOf(ops);
    }
}
