package org.nas4j.djl.model;

import java.util.ArrayList;
import java.util.List;
import org.nas4j.data.ImageShape;

/**
 * How much deeper, wider and larger in input a network is made than its base: the multipliers {@code d}, {@code w}
 * and {@code r} of EfficientNet's compound scaling (Tan &amp; Le, 2019), applied by {@link #apply}:
 * <ul>
 *   <li>depth: every stage gets {@code ceil(d x layers)} layers, the new ones repeating the stage's last;</li>
 *   <li>width: every convolution's channels (stem, stages, head) become {@code w x channels} rounded to a multiple
 *       of 8, never below 8 and never more than 10% under the exact product (EfficientNet's {@code round_filters});
 *       kernels, expansion ratios and SE ratios are kept, so the inner widths follow;</li>
 *   <li>resolution: the input images are {@code round(r x height) x round(r x width)}; the data is resized to it
 *       (bilinear) for training, evaluation and latency alike.</li>
 * </ul>
 * A multiplier of exactly 1 leaves its dimension as it is (no rounding), so {@link #NONE} gives back the base
 * network itself.
 */
public record Scaling(double depth, double width, double resolution) {
    /** The base network, unscaled. */
    public static final Scaling NONE = new Scaling(1, 1, 1);
    /** Channels are rounded to multiples of this, as hardware and EfficientNet's reference code prefer. */
    public static final int CHANNEL_DIVISOR = 8;
    /** A product this close to a whole number counts as it, so that 1.2 x 5 gives 6 layers and not 7. */
    private static final double ROUNDING_SLACK = 1e-9;

    public Scaling {
        if (!(depth > 0) || !(width > 0) || !(resolution > 0) || Double.isInfinite(depth)
                || Double.isInfinite(width) || Double.isInfinite(resolution)) {
            throw new IllegalArgumentException("depth, width and resolution multipliers must be positive numbers, "
                    + "got " + depth + ", " + width + ", " + resolution);
        }
    }

    /** The base network grown (or shrunk) by these multipliers. */
    public NetworkSpec apply(NetworkSpec base) {
        NetworkSettings settings = base.settings();
        NetworkLayout layout = settings.layout();
        NetworkLayout scaledLayout = new NetworkLayout(channels(layout.stemChannels()), layout.stemKernel(),
                layout.stemStride(), layout.stageStrides(), channels(layout.headChannels()));
        ImageShape input = settings.input();
        ImageShape scaledInput = new ImageShape(input.channels(), size(input.height()), size(input.width()));
        List<StageSpec> stages = new ArrayList<>(base.stages().size());
        for (StageSpec s : base.stages()) {
            stages.add(new StageSpec(s.block(), s.kernel(), s.expansion(), s.seRatio(), layers(s.layers()),
                    channels(s.filters()), s.skip(), s.stride()));
        }
        return new NetworkSpec(new NetworkSettings(scaledInput, settings.classes(), scaledLayout), stages);
    }

    /** {@code ceil(d x layers)}. */
    public int layers(int layers) {
        return depth == 1 ? layers : Math.max(1, (int) Math.ceil(depth * layers - ROUNDING_SLACK));
    }

    /** {@code w x channels} to the nearest multiple of 8, at least 8 and at least 90% of the exact product. */
    public int channels(int channels) {
        if (width == 1) {
            return channels;
        }
        double exact = width * channels;
        int rounded = Math.max(CHANNEL_DIVISOR,
                (int) ((exact + CHANNEL_DIVISOR / 2.0) / CHANNEL_DIVISOR) * CHANNEL_DIVISOR);
        return rounded < 0.9 * exact ? rounded + CHANNEL_DIVISOR : rounded;
    }

    /** {@code round(r x pixels)}, at least 1. */
    public int size(int pixels) {
        return resolution == 1 ? pixels : Math.max(1, (int) Math.round(resolution * pixels));
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "d %.3f, w %.3f, r %.3f", depth, width, resolution);
    }
}
