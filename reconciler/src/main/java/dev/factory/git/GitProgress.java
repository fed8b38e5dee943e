package dev.factory.git;

import java.time.Duration;
import java.util.function.Consumer;
import org.eclipse.jgit.lib.ProgressMonitor;

/**
 * jgit's progress as lines a person can follow: each task when it starts, its percentage at most
 * once per {@code every}, and its total when it ends ({@code repo/app: clone: Receiving objects 45% (900/2000)}).
 */
final class GitProgress implements ProgressMonitor {
    private final String prefix;
    private final Consumer<String> out;
    private final long everyNanos;
    private String task;
    private int total;
    private int done;
    private long lastPrinted;

    GitProgress(String prefix, Consumer<String> out, Duration every) {
        this.prefix = prefix;
        this.out = out;
        this.everyNanos = every.toNanos();
    }

    @Override
    public void start(int totalTasks) {
        // the tasks announce themselves
    }

    @Override
    public void beginTask(String title, int totalWork) {
        // a remote's sideband progress names these tasks: the remote chooses the text, so no control character gets through
        task = dev.factory.runtime.Printable.escape(title);
        total = totalWork;
        done = 0;
        lastPrinted = System.nanoTime();
    }

    @Override
    public void update(int completed) {
        done += completed;
        long now = System.nanoTime();
        if (now - lastPrinted >= everyNanos) {
            lastPrinted = now;
            out.accept(line());
        }
    }

    @Override
    public void endTask() {
        if (task != null) out.accept(prefix + ": " + task + " done" + (done > 0 ? " (" + done + ")" : ""));
        task = null;
    }

    String line() {
        if (total > 0) return prefix + ": " + task + " " + (int) (100L * done / total) + "% (" + done + "/" + total + ")";
        return prefix + ": " + task + " " + done;
    }

    @Override
    public boolean isCancelled() {
        return Thread.currentThread().isInterrupted();
    }

    @Override
    public void showDuration(boolean enabled) {
        // the apply's own heartbeat gives elapsed time
    }
}
