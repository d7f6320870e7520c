package dev.carafe.prod;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * A worker JVM as the master sees it. Its reader thread and exit callback only enqueue events; the
 * master's loop is the only one that changes the state.
 */
final class WorkerProcess {
  final int id;
  final int generation;
  final Release release;
  final Process process;
  final long startedNanos;
  private final AtomicReference<Pool.State> state = new AtomicReference<>(Pool.State.BOOTING);
  private volatile long lastBeatNanos;
  private volatile boolean recycle;
  private volatile long drainDeadlineNanos = Long.MAX_VALUE;

  private WorkerProcess(int id, int generation, Release release, Process process) {
    this.id = id;
    this.generation = generation;
    this.release = release;
    this.process = process;
    this.startedNanos = System.nanoTime();
    this.lastBeatNanos = startedNanos;
  }

  /** Starts reading the worker's messages and watching its exit. */
  static WorkerProcess watch(
      int id, int generation, Release release, Process process, Consumer<Event> sink) {
    WorkerProcess worker = new WorkerProcess(id, generation, release, process);
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                  Message.parse(line).ifPresent(m -> sink.accept(new Event.Said(worker, m)));
                }
              } catch (IOException closed) {
                // the worker is gone; onExit reports it
              }
            },
            "carafe-worker-" + id + "-pipe");
    reader.setDaemon(true);
    reader.start();
    process.onExit().thenAccept(p -> sink.accept(new Event.Exited(worker, p.exitValue())));
    return worker;
  }

  long pid() {
    return process.pid();
  }

  Pool.State state() {
    return state.get();
  }

  void state(Pool.State next) {
    state.set(next);
  }

  void beat() {
    lastBeatNanos = System.nanoTime();
  }

  long silentNanos(long now) {
    return now - lastBeatNanos;
  }

  boolean recycle() {
    return recycle;
  }

  void recycle(boolean recycle) {
    this.recycle = recycle;
  }

  long drainDeadlineNanos() {
    return drainDeadlineNanos;
  }

  void drainDeadlineNanos(long deadline) {
    this.drainDeadlineNanos = deadline;
  }

  Pool.Member member() {
    return new Pool.Member(id, generation, state(), recycle);
  }

  /** Sends a signal by name (TERM, INT, KILL) through kill(1), which every POSIX system has. */
  void signal(String name) {
    if (!process.isAlive()) {
      return;
    }
    if (name.equals("KILL")) {
      process.destroyForcibly();
      return;
    }
    if (name.equals("TERM")) {
      process.destroy(); // SIGTERM on POSIX
      return;
    }
    try {
      new ProcessBuilder("kill", "-" + name, String.valueOf(pid()))
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start()
          .waitFor();
    } catch (IOException e) {
      process.destroyForcibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "worker " + id + " (pid " + pid() + ", generation " + generation + ")";
  }
}
