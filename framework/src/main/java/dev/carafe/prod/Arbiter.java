package dev.carafe.prod;

import dev.carafe.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The production master, Gunicorn's arbiter in Java: spawns worker JVMs that share the port, keeps
 * their number, replaces the dead and the silent, and acts on signals. Signal handlers and worker
 * pipes only enqueue; this one loop acts. It never touches a client socket.
 *
 * <ul>
 *   <li>HUP: rolling reload — new workers (on freshly copied jars) are ready before old ones drain.
 *   <li>TERM: graceful stop — workers drain up to the graceful timeout; exit 0.
 *   <li>INT (and QUIT through run-prod.sh): fast stop.
 *   <li>TTIN / TTOU: one worker more / fewer.
 * </ul>
 */
public final class Arbiter {
  /** The master's lifecycle; one way. */
  enum State {
    BOOTING,
    RUNNING,
    STOPPING
  }

  /** Exit code when the app cannot boot: a supervisor should not restart the master in a loop. */
  public static final int APP_BOOT_FAILED = 3;

  private static final Logger LOG = LoggerFactory.getLogger(Arbiter.class);
  private static final long DRAIN_GRACE_NANOS = TimeUnit.SECONDS.toNanos(5);

  private final ProdSettings settings;
  private final List<String> workerArgs;
  private final Releases releases;
  private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
  private final Map<Long, WorkerProcess> workers = new ConcurrentHashMap<>();
  private final AtomicReference<State> state = new AtomicReference<>(State.BOOTING);
  private int target;
  private int generation;
  private String classpath;
  private boolean spawnBlocked;
  private boolean fastStop;

  /**
   * An arbiter for workers started as {@code java <jvm options> -cp <class path>
   * dev.carafe.cli.Main <workerArgs> worker}.
   */
  public Arbiter(Config config, List<String> workerArgs) {
    this.settings = ProdSettings.from(config);
    this.workerArgs = List.copyOf(workerArgs);
    this.target = settings.workers();
    this.releases = new Releases(System.getProperty("java.class.path"));
  }

  /** Runs until stopped; returns the process exit code. */
  public int run() throws IOException, InterruptedException {
    Signals.enqueueOn(events);
    if (settings.pidFile().isPresent()) {
      Files.writeString(settings.pidFile().get(), ProcessHandle.current().pid() + "\n");
    }
    try {
      LOG.info(
          "Carafe master {} starting {} workers on {}",
          ProcessHandle.current().pid(),
          target,
          settings.bind());
      classpath = releases.snapshot(generation);
      int code = loop();
      LOG.info("Carafe master {} stopped", ProcessHandle.current().pid());
      return code;
    } finally {
      workers.values().forEach(WorkerProcess::kill);
      releases.removeAll();
      if (settings.pidFile().isPresent()) {
        Files.deleteIfExists(settings.pidFile().get());
      }
    }
  }

  private int loop() throws InterruptedException {
    while (true) {
      String event = events.poll(200, TimeUnit.MILLISECONDS);
      if (event != null) {
        Integer exit = handle(event);
        if (exit != null) {
          return exit;
        }
      }
      killSilentWorkers();
      if (state.get() == State.STOPPING) {
        if (workers.isEmpty()) {
          return 0;
        }
        continue;
      }
      if (state.get() == State.BOOTING && !workers.isEmpty() && readyCount() >= target) {
        state.set(State.RUNNING);
        LOG.info("Carafe is serving on {} with {} workers", settings.bind(), target);
      }
      manageWorkers();
    }
  }

  /** Handles one event; returns an exit code when the master must stop now. */
  private Integer handle(String event) {
    String[] parts = event.split(":", 2);
    switch (parts[0]) {
      case "HUP" -> reload();
      case "TERM" -> stop(false);
      case "INT" -> stop(true);
      case "TTIN" -> {
        target++;
        LOG.info("TTIN: {} workers", target);
      }
      case "TTOU" -> {
        target = Math.max(1, target - 1);
        LOG.info("TTOU: {} workers", target);
      }
      case "ready" -> onReady(Long.parseLong(parts[1]));
      case "retire" -> onRetire(Long.parseLong(parts[1]));
      case "exit" -> {
        return onExit(Long.parseLong(parts[1]));
      }
      default -> LOG.warn("Unknown event {}", event);
    }
    return null;
  }

  private void reload() {
    if (state.get() == State.STOPPING) {
      return;
    }
    try {
      generation++;
      classpath = releases.snapshot(generation);
    } catch (IOException e) {
      LOG.error("HUP: cannot copy the application's class path, keeping the running workers", e);
      return;
    }
    spawnBlocked = false;
    workers.values().stream()
        .filter(w -> w.state() != WorkerProcess.State.DRAINING)
        .forEach(WorkerProcess::requestReplacement);
    LOG.info("HUP: rolling reload to generation {}", generation);
  }

  private void stop(boolean fast) {
    if (state.getAndSet(State.STOPPING) == State.STOPPING && !fast) {
      return;
    }
    fastStop = fast;
    LOG.info(
        "{}: {} stop of {} workers",
        fast ? "INT" : "TERM",
        fast ? "fast" : "graceful",
        workers.size());
    for (WorkerProcess worker : workers.values()) {
      if (fast) {
        worker.terminate();
      } else {
        worker.drain();
      }
    }
  }

  private void onReady(long pid) {
    WorkerProcess worker = workers.get(pid);
    if (worker != null) {
      worker.markReady();
      LOG.info("Worker {} is ready (generation {})", pid, worker.generation());
    }
  }

  private void onRetire(long pid) {
    WorkerProcess worker = workers.get(pid);
    if (worker != null && worker.state() == WorkerProcess.State.READY) {
      LOG.info("Worker {} reached max_requests; replacing it", pid);
      worker.requestReplacement();
    }
  }

  private Integer onExit(long pid) {
    WorkerProcess worker = workers.remove(pid);
    if (worker == null) {
      return null;
    }
    int code = waitForExit(worker);
    boolean expected =
        worker.state() == WorkerProcess.State.DRAINING || state.get() == State.STOPPING;
    if (expected) {
      LOG.info("Worker {} exited ({})", pid, code);
      return null;
    }
    if (code == Worker.BOOT_FAILED) {
      if (state.get() == State.BOOTING) {
        LOG.error(
            "The app cannot boot (worker {} exited with {}); stopping. Fix the error above and start again.",
            pid,
            code);
        stop(true);
        workers.values().forEach(WorkerProcess::kill);
        return APP_BOOT_FAILED;
      }
      // A reload with broken code: keep the workers that serve, spawn nothing until the next HUP.
      LOG.error(
          "A new worker cannot boot (exit {}); keeping the running workers until the next HUP.",
          code);
      spawnBlocked = true;
      workers
          .values()
          .forEach(
              w -> {
                if (w.generation() == generation && w.state() == WorkerProcess.State.BOOTING) {
                  w.kill();
                }
              });
      workers
          .values()
          .forEach(
              w -> {
                if (w.replacementRequested() && w.state() == WorkerProcess.State.READY) {
                  w.clearReplacement();
                }
              });
      if (workers.isEmpty()) {
        LOG.error("No worker is left serving; stopping.");
        return APP_BOOT_FAILED;
      }
      return null;
    }
    LOG.warn("Worker {} exited (code {}) while serving; replacing it", pid, code);
    return null;
  }

  private static int waitForExit(WorkerProcess worker) {
    for (int i = 0; i < 50 && worker.isAlive(); i++) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return worker.exitCode();
  }

  /** Liveness: a worker silent for longer than the timeout is killed (and then replaced). */
  private void killSilentWorkers() {
    long timeout = settings.timeout().toNanos();
    long graceful = settings.gracefulTimeout().toNanos();
    for (WorkerProcess worker : workers.values()) {
      if (worker.state() != WorkerProcess.State.DRAINING && worker.silentForNanos() > timeout) {
        LOG.error(
            "Worker {} sent no heartbeat for {} s; killing it",
            worker.pid(),
            settings.timeout().toSeconds());
        worker.kill();
      } else if (worker.overdue(graceful)) {
        LOG.warn("Worker {} did not finish draining in time; killing it", worker.pid());
        worker.kill();
      } else if (state.get() == State.STOPPING && fastStop && worker.overdue(0)) {
        worker.kill();
      }
    }
  }

  /**
   * Tops the pool up to the target and retires what is replaced or extra, but only once enough
   * successors are ready, so capacity never drops while the pool changes.
   */
  private void manageWorkers() {
    List<WorkerProcess> serving = new ArrayList<>();
    List<WorkerProcess> replaceable = new ArrayList<>();
    for (WorkerProcess worker : workers.values()) {
      if (worker.state() == WorkerProcess.State.DRAINING) {
        continue;
      }
      (worker.replacementRequested() ? replaceable : serving).add(worker);
    }
    if (!spawnBlocked) {
      for (int i = serving.size(); i < target; i++) {
        spawn();
      }
    }
    long readySuccessors =
        serving.stream().filter(w -> w.state() == WorkerProcess.State.READY).count();
    if (!replaceable.isEmpty() && readySuccessors >= target) {
      replaceable.forEach(WorkerProcess::drain);
    }
    if (serving.size() > target && replaceable.isEmpty()) {
      serving.sort((a, b) -> Long.compare(a.pid(), b.pid()));
      serving.stream().limit(serving.size() - target).forEach(WorkerProcess::drain);
    }
  }

  private int readyCount() {
    return (int)
        workers.values().stream().filter(w -> w.state() == WorkerProcess.State.READY).count();
  }

  private void spawn() {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(settings.workerJvmOptions());
    command.add("-Dcarafe.mode=production");
    command.add("-cp");
    command.add(classpath);
    command.add("dev.carafe.cli.Main");
    command.addAll(workerArgs);
    command.add("worker");
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .redirectInput(ProcessBuilder.Redirect.PIPE)
              .redirectOutput(ProcessBuilder.Redirect.PIPE)
              .start();
      WorkerProcess worker = new WorkerProcess(process, generation, DRAIN_GRACE_NANOS, events);
      workers.put(worker.pid(), worker);
      LOG.info("Booting worker {} (generation {})", worker.pid(), generation);
    } catch (IOException e) {
      LOG.error("Cannot start a worker: {}", e.getMessage());
      spawnBlocked = true;
    }
  }
}
