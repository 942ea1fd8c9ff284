package io.ltcflink.core.cell;

import java.lang.management.ManagementFactory;

/** Measures heap allocation by the current thread (HotSpot's per-thread allocation counter). */
final class Allocations {

    private Allocations() {}

    /**
     * Runs {@code work} {@code warmup} times, then {@code times} times, and returns the bytes the
     * current thread allocated during the measured runs.
     */
    static long bytesAllocated(Runnable work, int warmup, int times) {
        com.sun.management.ThreadMXBean bean =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        for (int i = 0; i < warmup; i++) {
            work.run();
        }
        long before = bean.getThreadAllocatedBytes(id);
        for (int i = 0; i < times; i++) {
            work.run();
        }
        return bean.getThreadAllocatedBytes(id) - before;
    }
}
