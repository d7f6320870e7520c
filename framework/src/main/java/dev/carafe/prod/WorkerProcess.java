package dev.carafe.prod;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * A worker JVM's process as the master holds it: a thread reads its messages and a callback watches
 * its exit, both only enqueueing events; what the master knows of the worker is in {@link
 * MasterState}.
 */
final class WorkerProcess {
  private final Process process;

  private WorkerProcess(Process process) {
    this.process = process;
  }

  /** Starts reading worker {@code id}'s messages and watching its exit. */
  static WorkerProcess watch(int id, Process process, Consumer<Event> sink) {
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                  String said = line;
                  Progress.parse(said)
                      .<Event>map(p -> new Event.Beat(id, p))
                      .or(() -> Message.parse(said).map(m -> new Event.Said(id, m)))
                      .or(() -> MetricsPort.parse(said).map(m -> new Event.MetricsAt(id, m.port())))
                      .ifPresent(sink);
                }
              } catch (IOException closed) {
                // the worker is gone; its exit is reported below
              }
            },
            "carafe-worker-" + id + "-pipe");
    reader.setDaemon(true);
    reader.start();
    process.onExit().thenAccept(p -> sink.accept(new Event.Exited(id, p.exitValue())));
    return new WorkerProcess(process);
  }

  long pid() {
    return process.pid();
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
}
