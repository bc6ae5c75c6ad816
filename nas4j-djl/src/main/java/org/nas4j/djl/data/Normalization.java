package org.nas4j.djl.data;

import java.util.ArrayList;
import java.util.List;
import org.nas4j.data.ImageDataset;

/**
 * How a pixel byte {@code p} (0 to 255) of channel {@code c} becomes a network input: {@code (p / 255 - mean[c]) /
 * std[c]}. Normalizing with the training images' own means and standard deviations ({@link #of}) gives inputs of
 * mean 0 and variance 1, which the default weight initializations assume. A model saves the normalization it was
 * trained with, so that it is fed the same inputs later.
 */
public record Normalization(List<Double> mean, List<Double> std) {

    public Normalization {
        mean = List.copyOf(mean);
        std = List.copyOf(std);
        if (mean.isEmpty() || mean.size() != std.size()) {
            throw new IllegalArgumentException("a normalization needs one mean and one standard deviation per "
                    + "channel, got " + mean + " and " + std);
        }
        for (int c = 0; c < mean.size(); c++) {
            if (!Double.isFinite(mean.get(c)) || !(std.get(c) > 0) || !Double.isFinite(std.get(c))) {
                throw new IllegalArgumentException("a normalization needs finite means and positive finite standard "
                        + "deviations, got mean " + mean.get(c) + " and std " + std.get(c) + " for channel " + c);
            }
        }
    }

    /** One channel's normalization. */
    public static Normalization of(double mean, double std) {
        return new Normalization(List.of(mean), List.of(std));
    }

    /** Pixels scaled to [0, 1] and not centred, for {@code channels} channels. */
    public static Normalization unit(int channels) {
        return new Normalization(java.util.Collections.nCopies(channels, 0.0),
                java.util.Collections.nCopies(channels, 1.0));
    }

    /**
     * The mean and standard deviation of each channel's pixels on [0, 1] over {@code training}. A channel whose
     * pixels are all equal gets a standard deviation of 1 (there is nothing to scale).
     */
    public static Normalization of(ImageDataset training) {
        int channels = training.channels();
        int plane = training.rows() * training.cols();
        double[] sum = new double[channels];
        double[] squares = new double[channels];
        long[] counts = new long[256 * channels];
        byte[] pixels = training.pixels();
        for (int i = 0; i < training.size(); i++) {
            int base = i * training.imageSize();
            for (int c = 0; c < channels; c++) {
                int start = base + c * plane;
                for (int p = 0; p < plane; p++) {
                    counts[c * 256 + (pixels[start + p] & 0xff)]++;
                }
            }
        }
        List<Double> means = new ArrayList<>(channels);
        List<Double> stds = new ArrayList<>(channels);
        double n = (double) training.size() * plane;
        for (int c = 0; c < channels; c++) {
            for (int v = 0; v < 256; v++) {
                double x = v / 255.0;
                sum[c] += counts[c * 256 + v] * x;
                squares[c] += counts[c * 256 + v] * x * x;
            }
            double mean = sum[c] / n;
            double variance = Math.max(0, squares[c] / n - mean * mean);
            double std = Math.sqrt(variance);
            means.add(mean);
            stds.add(std > 1e-6 ? std : 1.0);
        }
        return new Normalization(means, stds);
    }

    public int channels() {
        return mean.size();
    }

    /** The input value of one pixel byte (0 to 255) of channel 0. */
    public float apply(int pixel) {
        return apply(0, pixel);
    }

    /** The input value of one pixel byte (0 to 255) of a channel. */
    public float apply(int channel, int pixel) {
        return (float) ((pixel / 255.0 - mean.get(channel)) / std.get(channel));
    }

    /** The input value of every byte value of every channel, so that batching is one table look-up per pixel. */
    public float[][] table() {
        float[][] table = new float[channels()][256];
        for (int c = 0; c < channels(); c++) {
            for (int p = 0; p < 256; p++) {
                table[c][p] = apply(c, p);
            }
        }
        return table;
    }
}
