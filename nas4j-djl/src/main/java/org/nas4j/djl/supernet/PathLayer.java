package org.nas4j.djl.supernet;

import java.util.List;

/** One layer of a path through a supernet: its named operations, and whether it adds its input to their output. */
public record PathLayer(List<NamedOp> body, boolean residual) {
    public PathLayer {
        body = List.copyOf(body);
    }
}
