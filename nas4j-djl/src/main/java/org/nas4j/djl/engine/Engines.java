package org.nas4j.djl.engine;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/** The deep-learning engine nas4j runs on, set up before its first use. */
public final class Engines {
    private Engines() {
    }

    /** The PyTorch engine, loaded on first call after {@link NativeAllocator#tune()}. */
    public static Engine pytorch() {
        NativeAllocator.tune();
        return Engine.getInstance();
    }

    /**
     * Sets the engine's threads for operators (PyTorch's intra-op threads), as {@code torch.set_num_threads}: processes
     * that share a machine's cores each take their share, or their threads contend and every one of them slows down.
     */
    public static void setThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be positive, got " + threads);
        }
        pytorch(); // loads the native library the call goes to
        JniUtils.setNumThreads(threads);
    }

    /** The engine's threads for operators. */
    public static int threads() {
        pytorch();
        return JniUtils.getNumThreads();
    }
}
