package io.ltcflink.core.engine;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The CPU time of the calling thread, for per-record cost measurements that a busy machine's
 * scheduling does not distort (wall-clock time would count the time other threads ran).
 *
 * <p>Thread-safe. A reading costs a system call (about a microsecond on Linux), which a
 * measurement of a short section includes.
 */
public final class ThreadCpuClock {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private ThreadCpuClock() {}

    /**
     * Requires per-thread CPU time from the JVM and switches it on if it is off.
     *
     * @throws IllegalStateException if this JVM cannot measure the CPU time of a thread
     */
    public static void requireSupported() {
        if (!THREADS.isCurrentThreadCpuTimeSupported()) {
            throw new IllegalStateException(
                    "this JVM cannot measure per-thread CPU time: switch CPU timing off");
        }
        if (!THREADS.isThreadCpuTimeEnabled()) {
            THREADS.setThreadCpuTimeEnabled(true);
        }
    }

    /** The calling thread's CPU time in nanoseconds (user and system), from an arbitrary origin. */
    public static long nanos() {
        return THREADS.getCurrentThreadCpuTime();
    }
}
