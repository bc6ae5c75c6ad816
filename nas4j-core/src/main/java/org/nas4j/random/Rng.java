package org.nas4j.random;

/**
 * A small, seedable random generator whose whole state is one {@code long}, so a strategy can save it and resume
 * exactly where it stopped. The algorithm is SplitMix64 (Steele, Lea and Flood, 2014), which passes BigCrush and
 * splits into statistically independent children.
 *
 * <p>Every component that needs randomness owns its own {@code Rng}; there is no process-wide generator, so results
 * never depend on the order in which threads run.
 */
public final class Rng {
    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

    private long state;

    public Rng(long seed) {
        this.state = seed;
    }

    /** The generator's whole state; {@code new Rng(r.state())} continues the same sequence. */
    public long state() {
        return state;
    }

    public long nextLong() {
        state += GOLDEN_GAMMA;
        return mix64(state);
    }

    /** A child generator, independent of this one; draw children before handing work to other threads. */
    public Rng split() {
        return new Rng(mix64(nextLong()));
    }

    /** Uniform in [0, 1) with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [0, bound). */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, got " + bound);
        }
        // Rejection sampling removes the modulo bias.
        long limit = Long.remainderUnsigned(-1L, bound);
        while (true) {
            long bits = nextLong();
            if (Long.compareUnsigned(bits, -1L - limit) <= 0) {
                return (int) Long.remainderUnsigned(bits, bound);
            }
        }
    }

    /** Standard normal by the Box-Muller transform; uses two uniforms and keeps no cached value. */
    public double nextGaussian() {
        double u1 = 1.0 - nextDouble(); // in (0, 1], so the log is finite
        double u2 = nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    /** An index drawn from a discrete distribution (probabilities that sum to one, up to rounding). */
    public int nextCategorical(double[] probabilities) {
        double u = nextDouble();
        double cumulative = 0.0;
        for (int i = 0; i < probabilities.length; i++) {
            cumulative += probabilities[i];
            if (u < cumulative) {
                return i;
            }
        }
        // Rounding left u above the total: take the last option with non-zero probability.
        for (int i = probabilities.length - 1; i >= 0; i--) {
            if (probabilities[i] > 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("all probabilities are zero");
    }

    /** A seed for a named sub-component, stable whatever else draws from this generator's seed. */
    public static long derive(long seed, String purpose) {
        long h = seed;
        for (int i = 0; i < purpose.length(); i++) {
            h = mix64(h + GOLDEN_GAMMA * (purpose.charAt(i) + 1L));
        }
        return h;
    }

    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
