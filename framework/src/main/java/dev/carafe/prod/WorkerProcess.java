package dev.carafe.prod;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicReference;

/** The master's handle on one worker process: its state, heartbeat and control pipe. */
final class WorkerProcess {
  /** A worker's life as the master sees it; one way. */
  enum State {
    BOOTING,
    READY,
    DRAINING
  }

  private final Process process;
  private final int generation;
  private final AtomicReference<State> state = new AtomicReference<>(State.BOOTING);
  private final long drainDeadlineGraceNanos;
  private volatile long lastHeartbeat = System.nanoTime();
  private volatile long drainStarted;
  private volatile boolean replace;

  WorkerProcess(
      Process process, int generation, long drainDeadlineGraceNanos, BlockingQueue<String> events) {
    this.process = process;
    this.generation = generation;
    this.drainDeadlineGraceNanos = drainDeadlineGraceNanos;
    Thread reader = new Thread(() -> read(events), "carafe-worker-" + process.pid());
    reader.setDaemon(true);
    reader.start();
  }

  /** Reads the worker's control lines; events go to the arbiter's queue, nothing acts here. */
  private void read(BlockingQueue<String> events) {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        switch (line) {
          case "@carafe hb" -> lastHeartbeat = System.nanoTime();
          case "@carafe ready" -> {
            lastHeartbeat = System.nanoTime();
            events.offer("ready:" + pid());
          }
          case "@carafe retire" -> events.offer("retire:" + pid());
          default -> System.out.println(line);
        }
      }
    } catch (IOException e) {
      // the pipe broke: the exit event below tells the arbiter
    }
    events.offer("exit:" + pid());
  }

  long pid() {
    return process.pid();
  }

  int generation() {
    return generation;
  }

  State state() {
    return state.get();
  }

  void markReady() {
    state.compareAndSet(State.BOOTING, State.READY);
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** The exit code, or -1 while running. */
  int exitCode() {
    return process.isAlive() ? -1 : process.exitValue();
  }

  /** Asks this worker to be replaced once its successor is ready. */
  void requestReplacement() {
    replace = true;
  }

  /** Undoes a replacement request (the successor could not boot). */
  void clearReplacement() {
    replace = false;
  }

  boolean replacementRequested() {
    return replace;
  }

  long silentForNanos() {
    return System.nanoTime() - lastHeartbeat;
  }

  /** Tells the worker to drain: it stops accepting, finishes what it has, and exits. */
  void drain() {
    if (state.getAndSet(State.DRAINING) == State.DRAINING) {
      return;
    }
    drainStarted = System.nanoTime();
    try {
      OutputStream in = process.getOutputStream();
      in.write("drain\n".getBytes(StandardCharsets.UTF_8));
      in.flush();
    } catch (IOException e) {
      process.destroy();
    }
  }

  /** True when a draining worker ran past its graceful timeout plus a grace period. */
  boolean overdue(long gracefulNanos) {
    return state.get() == State.DRAINING
        && System.nanoTime() - drainStarted > gracefulNanos + drainDeadlineGraceNanos;
  }

  /** SIGTERM: the JVM exits at once, no drain. */
  void terminate() {
    process.destroy();
  }

  /** SIGKILL. */
  void kill() {
    process.destroyForcibly();
  }

  @Override
  public String toString() {
    return "worker "
        + pid()
        + " (generation "
        + generation
        + ", "
        + state.get().name().toLowerCase(java.util.Locale.ROOT)
        + ")";
  }
}
