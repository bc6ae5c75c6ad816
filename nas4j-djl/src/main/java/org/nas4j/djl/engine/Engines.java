package org.nas4j.djl.engine;

import ai.djl.engine.Engine;

/** The deep-learning engine nas4j runs on, set up before its first use. */
public final class Engines {
    private Engines() {
    }

    /** The PyTorch engine, loaded on first call after {@link NativeAllocator#tune()}. */
    public static Engine pytorch() {
        NativeAllocator.tune();
        return Engine.getInstance();
    }
}
