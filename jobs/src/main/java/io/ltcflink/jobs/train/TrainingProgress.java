package io.ltcflink.jobs.train;

import io.ltcflink.core.train.EpochStats;
import io.ltcflink.core.train.ProgressListener;
import java.io.PrintStream;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A console progress bar over the epochs of a training run (or any count of steps): position,
 * the latest training and validation loss, elapsed time and ETA. On an interactive terminal it
 * redraws in place every second; otherwise it writes one ASCII line per update, which reads well
 * in logs and tests. Close it when training ends.
 */
public final class TrainingProgress implements ProgressListener, AutoCloseable {

    /** Lines printed when not interactive: long enough for the extra message. */
    private static final int LINE_LENGTH = 120;

    /** Messages are padded to this width so that the bar does not change length. */
    private static final int MESSAGE_WIDTH = 56;

    private final ProgressBar bar;
    private volatile boolean pending;

    private TrainingProgress(String task, long max, PrintStream out, boolean interactive) {
        ProgressBarBuilder b = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(max)
                .continuousUpdate();
        if (interactive) {
            b.setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
                    .setUpdateIntervalMillis(1000)
                    .setConsumer(new ConsoleProgressBarConsumer(out));
        } else {
            // The timer would print a line every interval: let only explicit updates through.
            b.setStyle(ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis(Integer.MAX_VALUE)
                    .setConsumer(new DelegatingProgressBarConsumer(line -> {
                        if (pending) {
                            pending = false;
                            out.println(line.stripTrailing());
                        }
                    }, LINE_LENGTH));
        }
        this.bar = b.build();
    }

    /**
     * A bar named {@code task} up to {@code max}, written to {@code out}; {@code interactive}
     * chooses redrawing in place (a terminal) or one line per update (a log).
     */
    public static TrainingProgress open(String task, long max, PrintStream out,
            boolean interactive) {
        return new TrainingProgress(task, max, out, interactive);
    }

    /** Whether the console is a terminal, where a bar can redraw in place. */
    public static boolean interactiveConsole() {
        return System.console() != null;
    }

    @Override
    public void onEpoch(EpochStats stats, int epochs) {
        update(stats.epoch(), String.format(Locale.ROOT, "epoch %d  loss %.4g  val %.4g",
                stats.epoch(), stats.trainLoss(), stats.validationLoss()));
    }

    /** Moves the bar to {@code position} with {@code message} and shows it at once. */
    public void update(long position, String message) {
        synchronized (bar) {
            bar.stepTo(position);
            bar.setExtraMessage(padded(message));
            pending = true;
            bar.refresh();
        }
    }

    /** Shows {@code message} at the current position (e.g. why training stopped early). */
    public void message(String message) {
        synchronized (bar) {
            bar.setExtraMessage(padded(message));
            pending = true;
            bar.refresh();
        }
    }

    /** The message padded to a fixed width, so that the bar keeps its length. */
    private static String padded(String message) {
        return String.format("%-" + MESSAGE_WIDTH + "s", message);
    }

    @Override
    public void close() {
        bar.close();
    }
}
