package org.nas4j.djl.profile;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.nas4j.djl.model.BatchNormFolding;
import org.nas4j.djl.model.Op;

/**
 * Measures a network's inference latency on this machine: untimed warm-up passes (the engine allocates and picks
 * kernels on the first calls), then rounds of timed forward passes, each ending when the output is read back, as a
 * caller would. Reports the median, not the mean, because a shared machine adds rare long pauses.
 *
 * <p>A round whose spread is wide was disturbed (the JIT compiler still at work early in a process, another process
 * on the cores), so the profiler runs another round, up to {@link CalmRounds#MAX_ROUNDS}, and keeps the calmest. Without this,
 * the first measurements of a process differed from a repeat by up to three times.
 */
public final class LatencyProfiler {
    public static final int MIN_RUNS = 30;
    /** Rounds of two networks timed in turn ({@link #measureInTurn}), as a relative latency limit takes them. */
    public static final int IN_TURN_ROUNDS = 5;

    private final int warmup;
    private final int runs;
    private final DeviceInfo device;

    public LatencyProfiler(int warmup, int runs) {
        if (warmup < 0) {
            throw new IllegalArgumentException("warm-up passes must be zero or more, got " + warmup);
        }
        if (runs < MIN_RUNS) {
            throw new IllegalArgumentException("a latency needs at least " + MIN_RUNS + " timed runs, got " + runs);
        }
        this.warmup = warmup;
        this.runs = runs;
        this.device = DeviceInfo.current();
    }

    /**
     * Times an initialized block on inputs of {@code inputShape} without its batch dimension (e.g. 1 x 28 x 28).
     * Everything it allocates lives in a sub-manager of {@code manager} that is closed before it returns.
     */
    public Latency measure(Block block, NDManager manager, Shape inputShape, int batchSize) {
        try (NDManager scope = manager.newSubManager()) {
            ParameterStore parameters = new ParameterStore(scope, false);
            NDList input = new NDList(scope.ones(batchShape(inputShape, batchSize)));
            CalmRounds.Round round = CalmRounds.measure(() -> pass(block, parameters, input, scope), warmup, runs);
            return new Latency(batchSize, round.medianMs(), round.p10Ms(), round.p90Ms(), warmup, runs,
                    round.round(), device);
        }
    }

    /**
     * Times a network as it is deployed: {@code block}, built by {@link org.nas4j.djl.model.NetworkBuilder} from
     * {@code ops} and initialized, with each BatchNorm folded into the convolution before it
     * ({@link BatchNormFolding}). The folded copy lives in a sub-manager of {@code manager}, closed before it returns.
     */
    public Latency measureFolded(List<Op> ops, Block block, NDManager manager, Shape inputShape, int batchSize) {
        try (NDManager scope = manager.newSubManager()) {
            Block folded = BatchNormFolding.of(ops, block, batchShape(inputShape, batchSize), scope);
            return measure(folded, scope, inputShape, batchSize);
        }
    }

    /**
     * Times two initialized blocks in turn, {@code rounds} times, the order swapped each round, and compares their
     * fastest rounds. On a shared machine a whole round (30 passes, tens of milliseconds) can run at half speed, for
     * one network and not the other: seen within one search, a candidate's round medians 1.0 and 2.0 ms. Interference
     * only ever adds time, so the fastest round of each is the one closest to the network's own cost.
     */
    public InTurn measureInTurn(Block candidate, Block reference, NDManager manager, Shape inputShape, int batchSize,
                                int rounds) {
        return measureInTurn(candidate, inputShape, reference, inputShape, manager, batchSize, rounds);
    }

    /** As {@link #measureInTurn(Block, Block, NDManager, Shape, int, int)}, for networks of different inputs. */
    public InTurn measureInTurn(Block candidate, Shape candidateInput, Block reference, Shape referenceInput,
                                NDManager manager, int batchSize, int rounds) {
        if (rounds < 1) {
            throw new IllegalArgumentException("rounds must be positive, got " + rounds);
        }
        Block[] blocks = {candidate, reference};
        Shape[] inputs = {candidateInput, referenceInput};
        double[] fastest = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < 2; k++) {
                int which = (r + k) % 2; // the candidate first in even rounds, the reference first in odd ones
                fastest[which] = Math.min(fastest[which],
                        measure(blocks[which], manager, inputs[which], batchSize).medianMs());
            }
        }
        return new InTurn(fastest[0], fastest[1]);
    }

    /** Two networks timed in turn: each one's fastest round (the median of its passes). */
    public record InTurn(double candidateMs, double referenceMs) {
        public double ratio() {
            return candidateMs / referenceMs;
        }
    }

    private static Shape batchShape(Shape inputShape, int batchSize) {
        long[] dims = new long[inputShape.dimension() + 1];
        dims[0] = batchSize;
        System.arraycopy(inputShape.getShape(), 0, dims, 1, inputShape.dimension());
        return new Shape(dims);
    }

    /**
     * One forward pass in its own scope. The engine puts every intermediate array in its input's manager, so the
     * input is lent to the pass's manager: closing it frees the pass's arrays at once. Left in the measuring scope,
     * they piled up pass after pass, each pass touched fresh memory, and the timings drifted by several times.
     */
    private static void pass(Block block, ParameterStore parameters, NDList input, NDManager scope) {
        try (NDManager pass = scope.newSubManager()) {
            pass.tempAttachAll(input);
            NDList output = block.forward(parameters, input, false);
            output.head().toFloatArray();
        }
    }
}
