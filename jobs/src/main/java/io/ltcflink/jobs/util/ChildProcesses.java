package io.ltcflink.jobs.util;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Child JVMs (a Kafka broker, Flink's JobManager and TaskManagers) outlive this JVM unless
 * stopped: hooks that stop them when this JVM exits, and an orderly stop.
 */
public final class ChildProcesses {

    private ChildProcesses() {}

    /** Registers {@code stop} to run when this JVM exits; returns the hook for {@link #removeHook}. */
    public static Thread onExit(Runnable stop, String name) {
        Thread hook = new Thread(stop, name);
        Runtime.getRuntime().addShutdownHook(hook);
        return hook;
    }

    /**
     * Removes {@code hook}, unless the JVM is already shutting down (then the hooks are running,
     * and this may be one of them).
     */
    public static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // Nothing to remove: the hooks are running.
        }
    }

    /**
     * Stops {@code processes}, the last first: SIGTERM to all, then SIGKILL to any still running
     * after 20 s; returns once all have exited (or 10 s after the SIGKILL).
     */
    public static void stop(List<Process> processes) {
        for (int i = processes.size() - 1; i >= 0; i--) {
            processes.get(i).destroy();
        }
        boolean interrupted = false;
        for (Process p : processes) {
            try {
                if (!p.waitFor(20, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
