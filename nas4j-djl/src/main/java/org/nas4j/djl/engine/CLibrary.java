package org.nas4j.djl.engine;

import com.sun.jna.Library;
import com.sun.jna.Native;

/** The few functions nas4j needs from the C library (glibc); the names are C's. */
interface CLibrary extends Library {
    int malloc_trim(long pad);

    int mallopt(int param, int value);

    int setenv(String name, String value, int overwrite);

    String getenv(String name);

    /** The C library, loaded on first use; null where it cannot be loaded. */
    static CLibrary instance() {
        return Holder.INSTANCE;
    }

    /** Loads the library once, on first use. */
    final class Holder {
        private static final CLibrary INSTANCE = load();

        private Holder() {
        }

        private static CLibrary load() {
            try {
                return Native.load("c", CLibrary.class);
            } catch (UnsatisfiedLinkError e) {
                return null;
            }
        }
    }
}
