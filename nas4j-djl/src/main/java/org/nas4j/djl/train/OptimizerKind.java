package org.nas4j.djl.train;

/** How candidates' weights are updated; configs write the names in lower case. */
public enum OptimizerKind {
    /** Adam (Kingma and Ba) with decoupled weight decay. */
    ADAM,
    /** Stochastic gradient descent with momentum 0.9. */
    SGD
}
