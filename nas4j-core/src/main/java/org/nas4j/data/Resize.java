package org.nas4j.data;

/**
 * Bilinear resizing of byte images, each channel on its own. Sample positions follow the half-pixel convention
 * ({@code src = (dst + 0.5) * in / out - 0.5}, clamped at the borders), as PyTorch's {@code interpolate} with
 * {@code align_corners=False} and most image libraries do, so a resized image is not shifted by half a pixel.
 */
public final class Resize {
    private Resize() {
    }

    /** One image of {@code from}'s shape (channel after channel), resized to {@code height x width}. */
    public static byte[] bilinear(byte[] image, int offset, ImageShape from, int height, int width) {
        ImageShape to = new ImageShape(from.channels(), height, width);
        byte[] out = new byte[to.size()];
        int[] y0 = new int[height];
        int[] y1 = new int[height];
        float[] fy = new float[height];
        positions(from.height(), height, y0, y1, fy);
        int[] x0 = new int[width];
        int[] x1 = new int[width];
        float[] fx = new float[width];
        positions(from.width(), width, x0, x1, fx);
        int inCols = from.width();
        for (int c = 0; c < from.channels(); c++) {
            int in = offset + c * from.plane();
            int o = c * to.plane();
            for (int y = 0; y < height; y++) {
                int top = in + y0[y] * inCols;
                int bottom = in + y1[y] * inCols;
                for (int x = 0; x < width; x++) {
                    float upper = (image[top + x0[x]] & 0xff) * (1 - fx[x]) + (image[top + x1[x]] & 0xff) * fx[x];
                    float lower = (image[bottom + x0[x]] & 0xff) * (1 - fx[x])
                            + (image[bottom + x1[x]] & 0xff) * fx[x];
                    out[o++] = (byte) Math.round(upper * (1 - fy[y]) + lower * fy[y]);
                }
            }
        }
        return out;
    }

    /** Every image of the dataset resized to {@code height x width}; the same dataset when it has that size. */
    public static ImageDataset bilinear(ImageDataset data, int height, int width) {
        ImageShape from = data.shape();
        if (from.height() == height && from.width() == width) {
            return data;
        }
        ImageShape to = new ImageShape(from.channels(), height, width);
        byte[] pixels = new byte[Math.multiplyExact(data.size(), to.size())];
        byte[] source = data.pixels();
        for (int i = 0; i < data.size(); i++) {
            byte[] one = bilinear(source, i * from.size(), from, height, width);
            System.arraycopy(one, 0, pixels, i * to.size(), to.size());
        }
        return ImageDataset.owning(pixels, data.labels(), to, data.classNames());
    }

    /** For each output index, the two input indices around its sample position and the weight of the second. */
    private static void positions(int in, int out, int[] first, int[] second, float[] weight) {
        double scale = (double) in / out;
        for (int i = 0; i < out; i++) {
            double source = Math.max(0, (i + 0.5) * scale - 0.5);
            int lower = Math.min((int) source, in - 1);
            first[i] = lower;
            second[i] = Math.min(lower + 1, in - 1);
            weight[i] = (float) (source - lower);
        }
    }
}
