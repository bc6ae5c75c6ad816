package org.nas4j.djl.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process's resident memory, and a way to hand memory the C allocator holds but no longer uses back to the
 * system. The engine frees a trial's tensors when the trial ends, but glibc's allocator keeps the freed pages in its
 * heaps for later, so the resident size alone cannot tell a leak from memory kept for reuse; trimming can.
 */
public final class NativeMemory {
    private static final Path STATUS = Path.of("/proc/self/status");

    private NativeMemory() {
    }

    /** The resident set size in bytes (VmRSS in /proc/self/status), or -1 where the system has no /proc. */
    public static long residentBytes() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmRSS:")) {
                    String kilobytes = line.substring("VmRSS:".length()).replace("kB", "").strip();
                    return Long.parseLong(kilobytes) * 1024;
                }
            }
            return -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * Asks the C allocator to return its free memory to the system ({@code malloc_trim(0)}).
     *
     * @return false where the C library is not glibc and there is nothing to ask
     */
    public static boolean trim() {
        CLibrary c = CLibrary.instance();
        if (c == null) {
            return false;
        }
        try {
            c.malloc_trim(0);
            return true;
        } catch (UnsatisfiedLinkError e) {
            return false;
        }
    }
}
