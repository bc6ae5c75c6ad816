package org.nas4j.djl.profile;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.nas4j.djl.model.BatchNormFolding;
import org.nas4j.djl.model.BlockType;
import org.nas4j.djl.model.LayerSpec;
import org.nas4j.djl.model.ModelCost;
import org.nas4j.djl.model.NetworkOps;
import org.nas4j.djl.model.NetworkSettings;
import org.nas4j.djl.model.NetworkSpec;
import org.nas4j.djl.model.Op;

/**
 * Predicts a network's latency on this machine without building it: each operation of the network (the stem, each
 * layer, the head) is timed once on its own, deployed (BatchNorm folded) at the input shape it runs at, and kept in
 * a table; a network's latency is {@code intercept + slope x} the sum of its operations', the two fitted by least
 * squares on whole networks measured for it. An operation not yet in the table is timed the first time a network
 * needs it. The table is written as JSON with the machine it was measured on, and read back instead of timing again.
 */
public final class LatencyModel {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int FORMAT = 1;

    private final NetworkSettings network;
    private final LatencyProfiler profiler;
    private final int batchSize;
    private final Map<String, Double> operations = new TreeMap<>();
    private double intercept;
    private double slope = 1;

    public LatencyModel(NetworkSettings network, LatencySettings settings) {
        this.network = network;
        this.profiler = new LatencyProfiler(settings.warmup(), settings.runs());
        this.batchSize = settings.batchSize();
    }

    /** The fitted fixed part, in milliseconds. */
    public double intercept() {
        return intercept;
    }

    /** The fitted factor on the sum of the operations. */
    public double slope() {
        return slope;
    }

    /** Operations timed so far. */
    public int operationCount() {
        return operations.size();
    }

    /** One operation of a network and the shape it runs at. */
    private record Part(String key, List<Op> ops, Shape input) {
    }

    /** The predicted latency of the network in milliseconds: intercept + slope x its operations' sum. */
    public double predictMs(NetworkSpec spec, NDManager manager) {
        return intercept + slope * sumMs(spec, manager);
    }

    /** The sum of the network's operations' own latencies (each timed on first need). */
    public double sumMs(NetworkSpec spec, NDManager manager) {
        double sum = 0;
        for (Part part : parts(spec)) {
            Double ms = operations.get(part.key());
            if (ms == null) {
                ms = time(part, manager);
                operations.put(part.key(), ms);
            }
            sum += ms;
        }
        return sum;
    }

    /**
     * Fits the intercept and slope to whole networks and their measured latencies (least squares; at least two
     * networks of different sums). A fit with a negative intercept or no positive slope, which would predict zero
     * or less for small networks, is replaced by the least-squares line through the origin.
     */
    public void fit(List<NetworkSpec> networks, List<Double> measuredMs, NDManager manager) {
        if (networks.size() != measuredMs.size() || networks.size() < 2) {
            throw new IllegalArgumentException("fitting needs two or more networks with one measurement each, got "
                    + networks.size() + " and " + measuredMs.size());
        }
        double[] x = new double[networks.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = sumMs(networks.get(i), manager);
        }
        double mx = 0;
        double my = 0;
        for (int i = 0; i < x.length; i++) {
            mx += x[i] / x.length;
            my += measuredMs.get(i) / x.length;
        }
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (measuredMs.get(i) - my);
            sxx += (x[i] - mx) * (x[i] - mx);
        }
        if (sxx == 0) {
            throw new IllegalArgumentException("the networks to fit on all have the same operation sum; give "
                    + "networks of different sizes");
        }
        slope = sxy / sxx;
        intercept = my - slope * mx;
        if (slope <= 0 || intercept < 0) {
            // Latencies timed on a busy machine can fit a line that predicts no time, or less, for a small network,
            // which every latency limit would pass: a line through the origin predicts a positive time for all.
            double xy = 0;
            double xx = 0;
            for (int i = 0; i < x.length; i++) {
                xy += x[i] * measuredMs.get(i);
                xx += x[i] * x[i];
            }
            slope = xy / xx;
            intercept = 0;
        }
    }

    /** The stem, each layer and the head, each with the shape of its input. */
    private List<Part> parts(NetworkSpec spec) {
        List<Part> parts = new ArrayList<>();
        int height = network.imageHeight();
        int width = network.imageWidth();
        parts.add(new Part(String.format(java.util.Locale.ROOT, "stem in%d out%d k%d s%d @%dx%d",
                network.inputChannels(),
                network.stemChannels(), network.stemKernel(), network.stemStride(), height, width),
                NetworkOps.stem(network), new Shape(batchSize, network.inputChannels(), height, width)));
        height = ModelCost.outputSize(height, network.stemKernel(), network.stemStride());
        width = ModelCost.outputSize(width, network.stemKernel(), network.stemStride());
        for (LayerSpec layer : spec.layers()) {
            parts.add(new Part(key(layer, height, width), NetworkOps.layer(layer),
                    new Shape(batchSize, layer.inChannels(), height, width)));
            height = ModelCost.outputSize(height, layer.kernel(), layer.stride());
            width = ModelCost.outputSize(width, layer.kernel(), layer.stride());
        }
        parts.add(new Part(String.format(java.util.Locale.ROOT, "head in%d out%d classes%d @%dx%d", spec.lastChannels(),
                network.headChannels(), network.classes(), height, width), NetworkOps.head(spec),
                new Shape(batchSize, spec.lastChannels(), height, width)));
        return parts;
    }

    /** What a layer's latency depends on: not its place in the network, only what it computes and on what. */
    private static String key(LayerSpec layer, int height, int width) {
        StringBuilder key = new StringBuilder(layer.block().text()).append(" k").append(layer.kernel());
        if (layer.block() == BlockType.MBCONV) {
            key.append(" e").append(layer.expansion());
        }
        if (layer.hasSqueezeExcitation()) {
            key.append(" se").append(BigDecimal.valueOf(layer.seRatio()).stripTrailingZeros().toPlainString());
        }
        return key.append(" in").append(layer.inChannels()).append(" out").append(layer.outChannels())
                .append(" s").append(layer.stride()).append(layer.residual() ? " residual" : "")
                .append(" @").append(height).append('x').append(width).toString();
    }

    private double time(Part part, NDManager manager) {
        try (NDManager scope = manager.newSubManager()) {
            var block = BatchNormFolding.untrained(part.ops(), part.input(), scope);
            long[] dims = part.input().getShape();
            Shape one = new Shape(java.util.Arrays.copyOfRange(dims, 1, dims.length));
            return profiler.measure(block, scope, one, batchSize).medianMs();
        }
    }

    // ---------------------------------------------------------------- files

    /** Writes the table and the fit, with the machine and timing settings they were measured with. */
    public void write(Path file) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("device", DeviceInfo.current().toString());
        root.put("batch_size", batchSize);
        root.put("intercept_ms", intercept);
        root.put("slope", slope);
        ObjectNode ops = root.putObject("operations_ms");
        operations.forEach(ops::put);
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
    }

    /**
     * Reads a table written by {@link #write} on this machine at this batch size; one of another machine or batch
     * size is an error that says so.
     */
    public void read(Path file) throws IOException {
        JsonNode root = JSON.readTree(file.toFile());
        if (root.path("format").asInt() != FORMAT) {
            throw new IOException(file + " is not a latency model of this nas4j's format");
        }
        String device = DeviceInfo.current().toString();
        if (!device.equals(root.path("device").asText()) || root.path("batch_size").asInt() != batchSize) {
            throw new IOException(file + " was measured on " + root.path("device").asText() + " at batch size "
                    + root.path("batch_size").asInt() + "; this is " + device + " at batch size " + batchSize
                    + ": build the model again here");
        }
        intercept = root.path("intercept_ms").asDouble();
        slope = root.path("slope").asDouble(1);
        Iterator<Map.Entry<String, JsonNode>> entries = root.path("operations_ms").fields();
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> entry = entries.next();
            operations.put(entry.getKey(), entry.getValue().asDouble());
        }
    }
}
