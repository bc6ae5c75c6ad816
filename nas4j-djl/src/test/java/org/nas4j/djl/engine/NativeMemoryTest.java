package org.nas4j.djl.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NativeMemoryTest {

    @Test
    void readsTheResidentSizeAndTrimsOnLinux() {
        long heapInUse = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        long resident = NativeMemory.residentBytes();
        // The heap in use was written to, so it is resident; the JVM itself adds tens of megabytes.
        assertTrue(resident > heapInUse && resident > 20L << 20, "resident " + resident + ", heap " + heapInUse);
        assertTrue(NativeMemory.trim(), "glibc's malloc_trim is there");
        assertTrue(NativeMemory.residentBytes() > 20L << 20);
    }
}
