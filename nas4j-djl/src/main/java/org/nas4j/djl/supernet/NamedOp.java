package org.nas4j.djl.supernet;

import java.util.List;
import org.nas4j.djl.model.Op;

/**
 * An operation of a path and the supernet weights it reads: {@code name} is empty for operations without weights;
 * {@code kernels} are the kernel sizes from the stored one down to the operation's, each smaller one the centre of
 * the one before through that size's transform (with per-choice weights, or a kernel at its stored size, only the
 * operation's own).
 */
public record NamedOp(Op op, String name, List<Integer> kernels) {
    public NamedOp {
        kernels = List.copyOf(kernels);
    }

    public boolean hasWeights() {
        return !name.isEmpty();
    }
}
