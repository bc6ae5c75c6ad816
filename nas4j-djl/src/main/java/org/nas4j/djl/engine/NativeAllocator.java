package org.nas4j.djl.engine;

/**
 * Sets up the C allocator under the engine for training's allocation pattern, before the engine allocates anything.
 *
 * <p>A training step allocates and frees the same large activation buffers (tens of megabytes at batch 128) again and
 * again. With glibc's defaults in a JVM thread, many of them are handed back to the system when freed and faulted in
 * afresh, page by page, on the next step: a benchmark run counted 18.8 million page faults and spent a third of its
 * CPU time in the kernel. nas4j therefore
 * <ul>
 *   <li>keeps freed memory in the allocator (a trim threshold of 1 GiB; {@link NativeMemory#trim()} still returns it
 *   between trials),</li>
 *   <li>serves buffers up to 32 MiB (glibc's largest setting) from its heaps instead of fresh mappings, and</li>
 *   <li>asks libtorch to back buffers of 2 MiB and more with transparent huge pages ({@code THP_MEM_ALLOC_ENABLE}),
 *   so that the larger ones fault once per 2 MiB instead of once per 4 KiB.</li>
 * </ul>
 * This changes where tensors live, never what is computed. {@code -Dnas4j.allocator=system} leaves both as they are
 * (for comparison); a {@code THP_MEM_ALLOC_ENABLE} already in the environment is respected.
 */
public final class NativeAllocator {
    /** The system property that turns the tuning off: {@code -Dnas4j.allocator=system}. */
    public static final String PROPERTY = "nas4j.allocator";
    static final String HUGE_PAGES_VARIABLE = "THP_MEM_ALLOC_ENABLE";

    // glibc's mallopt parameters (malloc.h).
    private static final int M_TRIM_THRESHOLD = -1;
    private static final int M_TOP_PAD = -2;
    private static final int M_MMAP_THRESHOLD = -3;

    static final int MMAP_THRESHOLD_BYTES = 32 << 20;
    static final int TRIM_THRESHOLD_BYTES = 1 << 30;
    static final int TOP_PAD_BYTES = 64 << 20;

    /** What {@link #tune()} did: whether the settings are in force, and in words. */
    public record State(boolean tuned, String description) {
        @Override
        public String toString() {
            return description;
        }
    }

    private static State state;

    private NativeAllocator() {
    }

    /**
     * Applies the settings once per process and says what is in force. Call it before the engine's first allocation
     * ({@link Engines#pytorch()} does): libtorch reads its huge-page switch once.
     */
    public static synchronized State tune() {
        if (state == null) {
            state = apply();
        }
        return state;
    }

    private static State apply() {
        if ("system".equals(System.getProperty(PROPERTY))) {
            return new State(false, "system allocator settings (-D" + PROPERTY + "=system)");
        }
        CLibrary c = CLibrary.instance();
        if (c == null) {
            return new State(false, "system allocator settings (no C library to configure)");
        }
        try {
            c.setenv(HUGE_PAGES_VARIABLE, "1", 0);
            boolean set = c.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES) == 1
                    & c.mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD_BYTES) == 1
                    & c.mallopt(M_TOP_PAD, TOP_PAD_BYTES) == 1;
            String hugePages = "1".equals(c.getenv(HUGE_PAGES_VARIABLE)) ? "on" : "off";
            if (!set) {
                return new State(false, "system allocator settings (mallopt refused them); huge pages " + hugePages);
            }
            return new State(true, "tuned allocator (buffers up to 32 MiB from the heap, trim above 1 GiB, huge pages "
                    + hugePages + ")");
        } catch (UnsatisfiedLinkError e) {
            return new State(false, "system allocator settings (the C library is not glibc)");
        }
    }
}
