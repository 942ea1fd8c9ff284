package io.ltcflink.core.train;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The worker threads of one training run: with one worker the tasks run on the caller's thread,
 * otherwise on a fixed pool of daemon threads. A task's failure is rethrown as it was thrown
 * (runtime exceptions and errors unchanged, checked ones wrapped). Not thread-safe; close after
 * the run.
 */
final class Workers implements AutoCloseable {

    private final ExecutorService pool;

    /** @param workers threads (1 = the caller's own) */
    Workers(int workers, String threadName) {
        AtomicInteger count = new AtomicInteger();
        this.pool = workers > 1 ? Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, threadName + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        }) : null;
    }

    /** Runs every task and waits for all of them. */
    void invokeAll(List<Callable<Void>> tasks) {
        if (pool == null) {
            for (Callable<Void> t : tasks) {
                try {
                    t.call();
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
            return;
        }
        try {
            for (Future<Void> f : pool.invokeAll(tasks)) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("training was interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw new IllegalStateException(cause);
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
