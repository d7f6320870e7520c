package dev.carafe.prod;

import dev.carafe.Config;
import dev.carafe.internal.ProductionSecret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channel;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The production master: starts worker JVMs, keeps their number, replaces the ones that die or fall
 * silent, recycles them after max_requests, and acts on signals. HUP rolls the workers over to a
 * fresh copy of the class path (new ones ready before old ones drain), TERM stops gracefully, INT
 * and QUIT stop fast, TTIN and TTOU add or remove a worker. The master never touches a client
 * connection: workers bind the port themselves.
 */
public final class Arbiter {
  /** Exit code when a worker cannot boot and nothing else serves: restarting will not help. */
  public static final int BOOT_FAILED = 3;

  /** Exit code for a configuration that cannot work, as for a command-line mistake. */
  public static final int CONFIG_ERROR = 2;

  private static final Logger LOG = LoggerFactory.getLogger(Arbiter.class);
  private static final long TICK_MILLIS = 200;
  private static final long STOP_MARGIN_NANOS = TimeUnit.SECONDS.toNanos(5);
  private static final long MAX_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(60);

  /** The master's own lifecycle; only forward. */
  private enum Phase {
    RUNNING,
    STOPPING,
    QUITTING
  }

  private final String appClass;
  private final ProdConfig settings;
  private final WorkerLaunch launch;
  private final String extraClassPath;
  private final Path runtimeDir;
  private final Optional<AotCache> aot;
  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private final Map<Integer, WorkerProcess> workers = new LinkedHashMap<>();
  private final AtomicReference<Phase> phase = new AtomicReference<>(Phase.RUNNING);
  private int target;
  private int generation = 1;
  private Release release;
  private int lastId;
  private int exitCode;
  private long stopDeadlineNanos = Long.MAX_VALUE;
  private long spawnNotBeforeNanos;
  private long backoffNanos = TimeUnit.SECONDS.toNanos(1);
  private boolean announced;
  private int announcedGeneration = 1;
  private Optional<Nginx> nginx = Optional.empty();
  private Optional<Recorder> recorder = Optional.empty();
  private final Set<Path> failedRecordings = new HashSet<>();

  private Arbiter(
      String appClass,
      ProdConfig settings,
      WorkerLaunch launch,
      String extraClassPath,
      Path runtimeDir,
      Optional<AotCache> aot) {
    this.appClass = appClass;
    this.settings = settings;
    this.launch = launch;
    this.extraClassPath = extraClassPath;
    this.runtimeDir = runtimeDir;
    this.aot = aot;
    this.target = settings.workers();
  }

  /**
   * Runs the master until it stops and returns the process exit code. {@code flags} are the
   * command-line settings; workers get them as {@code CARAFE_*} variables so they see the same
   * configuration without secrets showing up in {@code ps}.
   */
  public static int run(
      String appClass, Optional<Path> configFile, Config config, Map<String, String> flags) {
    ProdConfig settings;
    try {
      if (appClass.isBlank()) {
        throw new IllegalArgumentException(
            "No app given: pass --app com.example.App, set CARAFE_APP, or put"
                + " app=com.example.App in carafe.properties.");
      }
      settings = ProdConfig.from(config);
      ProductionSecret.check(config.get("secret_key").orElse(""));
      checkInheritedSocket(settings.bind());
    } catch (IllegalArgumentException | IllegalStateException e) {
      System.err.println("carafe: " + e.getMessage());
      return CONFIG_ERROR;
    }
    Path runtime;
    try {
      runtime = runtimeDir();
    } catch (IOException e) {
      System.err.println("carafe: cannot create a runtime folder: " + e.getMessage());
      return 1;
    }
    Arbiter arbiter =
        new Arbiter(
            appClass,
            settings,
            new WorkerLaunch(appClass, configFile, settings, flags),
            config.get("classpath", ""),
            runtime,
            AotCache.open(settings, appClass, Runtime.version().feature()));
    try {
      return arbiter.serve();
    } finally {
      deleteTree(runtime);
    }
  }

  private int serve() {
    Signals.forward(
        List.of("HUP", "TERM", "INT", "TTIN", "TTOU"), name -> events.add(new Event.Signal(name)));
    QuitWatch.start(() -> events.add(new Event.Signal("QUIT")));
    settings.pidFile().ifPresent(Arbiter::writePid);
    try {
      release = snapshot(generation);
      LOG.info(
          "Carafe master (pid {}) starting {} worker(s) of {} on {}",
          ProcessHandle.current().pid(),
          target,
          appClass,
          settings.bind());
      loop();
      return exitCode;
    } catch (IOException e) {
      LOG.error("The master failed: {}", e.toString());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    } finally {
      workers.values().forEach(w -> w.signal("KILL"));
      recorder.ifPresent(r -> r.process().destroyForcibly());
      nginx.ifPresent(Nginx::stop);
      settings.pidFile().ifPresent(Arbiter::removePid);
    }
  }

  private void loop() throws InterruptedException, IOException {
    while (true) {
      Event event = events.poll(TICK_MILLIS, TimeUnit.MILLISECONDS);
      while (event != null) {
        handle(event);
        event = events.poll();
      }
      long now = System.nanoTime();
      killSilentWorkers(now);
      if (phase.get() == Phase.RUNNING) {
        reconcile(now);
      } else if (workers.isEmpty()) {
        LOG.info("Carafe master stopped");
        return;
      } else if (now - stopDeadlineNanos > 0) {
        LOG.warn("Workers still running after the stop timeout: killing them");
        workers.values().forEach(w -> w.signal("KILL"));
        stopDeadlineNanos = now + STOP_MARGIN_NANOS;
      }
    }
  }

  private void handle(Event event) {
    if (event instanceof Event.Signal signal) {
      onSignal(signal.name());
    } else if (event instanceof Event.Said said) {
      onMessage(said.worker(), said.message());
    } else if (event instanceof Event.Exited exited) {
      onExit(exited.worker(), exited.code());
    }
  }

  // HUP: rolling reload onto a fresh copy of the class path; new workers are ready before old go.
  // TERM: graceful stop within graceful_timeout. INT, QUIT: fast stop. TTIN/TTOU: one more/less.
  private void onSignal(String name) {
    switch (name) {
      case "HUP" -> reload();
      case "TERM" -> stop(Phase.STOPPING, "TERM", settings.gracefulTimeout().toNanos());
      case "INT", "QUIT" -> stop(Phase.QUITTING, "INT", 0);
      case "TTIN" -> {
        target++;
        LOG.info("TTIN: {} worker(s) wanted", target);
      }
      case "TTOU" -> {
        target = Math.max(1, target - 1);
        LOG.info("TTOU: {} worker(s) wanted", target);
      }
      default -> LOG.debug("Ignoring SIG{}", name);
    }
  }

  private void reload() {
    if (phase.get() != Phase.RUNNING) {
      return;
    }
    try {
      release = snapshot(generation + 1);
    } catch (IOException e) {
      LOG.error(
          "HUP: cannot take the class path ({}); generation {} keeps serving",
          e.toString(),
          generation);
      return;
    }
    generation++;
    spawnNotBeforeNanos = 0;
    LOG.info("HUP: rolling reload to generation {}", generation);
  }

  /**
   * Copies the class path aside for generation {@code number}; with an AOT cache, takes the one a
   * packaged app ships for it before any of its workers starts.
   */
  private Release snapshot(int number) throws IOException {
    List<String> sources =
        Release.sources(Home.lib(), System.getProperty("java.class.path"), extraClassPath);
    Release next = Release.snapshot(number, sources, runtimeDir.resolve("jars"), aot.isPresent());
    // Only a launcher's home: the working directory is no place to take code from.
    aot.ifPresent(a -> Home.packaged().ifPresent(home -> a.takeShipped(next, home.resolve("aot"))));
    return next;
  }

  private void stop(Phase next, String workerSignal, long graceNanos) {
    Phase previous = phase.get();
    if (previous == Phase.QUITTING || previous == next) {
      return;
    }
    phase.set(next);
    LOG.info(
        next == Phase.STOPPING
            ? "Stopping gracefully: workers finish the requests in flight"
            : "Stopping fast");
    stopDeadlineNanos = System.nanoTime() + graceNanos + STOP_MARGIN_NANOS;
    for (WorkerProcess w : workers.values()) {
      w.state(Pool.State.DRAINING);
      w.signal(workerSignal);
    }
  }

  private void onMessage(WorkerProcess worker, Message message) {
    worker.beat();
    switch (message) {
      case BEAT, DRAINING -> {}
      case READY -> {
        if (worker.state() != Pool.State.BOOTING) {
          return;
        }
        worker.state(Pool.State.READY);
        backoffNanos = TimeUnit.SECONDS.toNanos(1);
        LOG.info(
            "Worker {} (pid {}) is ready (generation {}) in {} ms",
            worker.id,
            worker.pid(),
            worker.generation,
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - worker.startedNanos));
      }
      case RECYCLE -> {
        if (!worker.recycle()) {
          worker.recycle(true);
          LOG.info("{} reached max_requests: replacing it", worker);
        }
      }
    }
  }

  private void onExit(WorkerProcess worker, int code) {
    workers.remove(worker.id);
    Pool.State state = worker.state();
    if (phase.get() != Phase.RUNNING || state == Pool.State.DRAINING) {
      LOG.info("{} exited with code {}", worker, code);
      return;
    }
    if (state == Pool.State.BOOTING && code == BOOT_FAILED) {
      bootFailed(worker);
      return;
    }
    LOG.warn("{} died unexpectedly (exit code {}): replacing it", worker, code);
  }

  private void bootFailed(WorkerProcess worker) {
    Optional<WorkerProcess> serving =
        workers.values().stream()
            .filter(w -> w.state() == Pool.State.READY)
            .max(Comparator.comparingInt(w -> w.generation));
    if (serving.isEmpty()) {
      LOG.error(
          "The app cannot boot: {} failed (see its error above) and no worker serves; stopping"
              + " the master with exit code {} instead of restarting it in a loop",
          worker,
          BOOT_FAILED);
      exitCode = BOOT_FAILED;
      stop(Phase.QUITTING, "INT", 0);
      return;
    }
    if (serving.get().generation != worker.generation) {
      LOG.error(
          "Reload failed: {} could not boot (see its error above); generation {} keeps serving",
          worker,
          serving.get().generation);
      generation = serving.get().generation;
      release = serving.get().release;
      return;
    }
    long now = System.nanoTime();
    spawnNotBeforeNanos = now + backoffNanos;
    LOG.error(
        "{} could not boot (see its error above); trying again in {} s",
        worker,
        TimeUnit.NANOSECONDS.toSeconds(backoffNanos));
    backoffNanos = Math.min(MAX_BACKOFF_NANOS, backoffNanos * 2);
  }

  private void killSilentWorkers(long now) {
    long limit = settings.timeout().toNanos();
    for (WorkerProcess w : workers.values()) {
      if (w.state() == Pool.State.DRAINING) {
        if (now - w.drainDeadlineNanos() > 0) {
          LOG.warn("{} did not finish draining in time: killing it", w);
          w.signal("KILL");
          w.drainDeadlineNanos(Long.MAX_VALUE);
        }
      } else if (w.silentNanos(now) > limit) {
        LOG.error(
            "{} sent no heartbeat for {} s (timeout): killing it",
            w,
            TimeUnit.NANOSECONDS.toSeconds(w.silentNanos(now)));
        w.state(Pool.State.DRAINING);
        w.signal("KILL");
      }
    }
  }

  private void reconcile(long now) throws IOException {
    List<Pool.Member> members = workers.values().stream().map(WorkerProcess::member).toList();
    for (Pool.Action action : Pool.plan(members, target, generation)) {
      if (action instanceof Pool.Spawn spawn) {
        if (now - spawnNotBeforeNanos >= 0) {
          for (int i = 0; i < spawn.count(); i++) {
            spawn();
          }
        }
      } else if (action instanceof Pool.Retire retire) {
        WorkerProcess w = workers.get(retire.id());
        w.state(Pool.State.DRAINING);
        w.drainDeadlineNanos(now + settings.gracefulTimeout().toNanos() + STOP_MARGIN_NANOS);
        LOG.info("Retiring {}", w);
        w.signal("TERM");
      }
    }
    if (announce()) {
      recordAotCache();
    }
  }

  /**
   * Logs when the pool first serves in full and when a reload has completed; says whether it just
   * did either.
   */
  private boolean announce() {
    long ready =
        workers.values().stream()
            .filter(w -> w.state() == Pool.State.READY && w.generation == generation)
            .count();
    boolean stale =
        workers.values().stream()
            .anyMatch(w -> w.state() != Pool.State.DRAINING && w.generation != generation);
    if (ready < target || stale) {
      return false;
    }
    boolean news = !announced || announcedGeneration != generation;
    if (!announced) {
      announced = true;
      LOG.info(
          "Serving {} on {} with {} worker(s)",
          appClass,
          settings.bind().isUnix() ? settings.bind() : "http://" + settings.bind(),
          ready);
      if (settings.withNginx()) {
        nginx = Nginx.start(Home.folder(), settings.bind(), settings.nginxBind());
      }
    } else if (announcedGeneration != generation) {
      LOG.info("Reload complete: generation {} serves with {} worker(s)", generation, ready);
    }
    announcedGeneration = generation;
    return news;
  }

  private void spawn() throws IOException {
    int id = ++lastId;
    long limit = 0;
    if (settings.maxRequests() > 0) {
      limit =
          settings.maxRequests()
              + ThreadLocalRandom.current().nextLong(settings.maxRequestsJitter() + 1);
    }
    ProcessBuilder builder = launch.worker(release, generation, id, limit, aotFile());
    WorkerProcess worker =
        WorkerProcess.watch(id, generation, release, builder.start(), events::add);
    workers.put(id, worker);
    LOG.info("Booting {}", worker);
  }

  private Optional<Path> aotFile() {
    return aot.flatMap(a -> a.fileFor(release));
  }

  /**
   * When a generation has come to serve in full, records its build's AOT cache if it is missing: a
   * worker that warms up, writes the cache and exits without serving, at a low CPU priority so that
   * the serving workers keep the cores. A build whose recording failed is not tried again by this
   * master, so a failure never loops.
   */
  private void recordAotCache() {
    Optional<Path> file = aotFile();
    if (recorder.isPresent()) {
      Recorder last = recorder.get();
      if (last.process().isAlive()) {
        if (Optional.of(last.file()).equals(file)) {
          return;
        }
        last.process().destroyForcibly(); // the cache of a build no longer served
      } else if (!Files.exists(last.file())) {
        failedRecordings.add(last.file());
        LOG.warn("The AOT cache was not recorded (see the recorder's error above)");
      }
      recorder = Optional.empty();
    }
    if (file.isEmpty() || Files.exists(file.get()) || failedRecordings.contains(file.get())) {
      return;
    }
    int id = ++lastId;
    ProcessBuilder builder = launch.recorder(release, generation, id, file.get());
    builder.command().addAll(0, List.of("nice", "-n", "10"));
    try {
      recorder = Optional.of(new Recorder(builder.start(), file.get()));
      LOG.info("Recording the AOT cache of generation {} in worker {}", generation, id);
    } catch (IOException e) {
      failedRecordings.add(file.get());
      LOG.warn("Cannot start a worker to record the AOT cache: {}", e.toString());
    }
  }

  /** A worker recording the AOT cache {@code file}. */
  private record Recorder(Process process, Path file) {}

  /**
   * A private folder for the class path copies, named after this master's pid; folders left by
   * masters that were killed outright are removed on the way.
   */
  private static Path runtimeDir() throws IOException {
    Path temp = Path.of(System.getProperty("java.io.tmpdir"));
    String prefix = "carafe-master-";
    try (Stream<Path> entries = Files.list(temp)) {
      entries
          .filter(Files::isDirectory)
          .filter(p -> p.getFileName().toString().matches(prefix + "\\d+-\\d+"))
          .filter(
              p -> {
                String pid = p.getFileName().toString().substring(prefix.length()).split("-")[0];
                return ProcessHandle.of(Long.parseLong(pid)).isEmpty();
              })
          .forEach(Arbiter::deleteTree);
    }
    return Files.createTempDirectory(prefix + ProcessHandle.current().pid() + "-");
  }

  private static void checkInheritedSocket(Bind bind) {
    if (!bind.isUnix()) {
      return;
    }
    Channel inherited;
    try {
      inherited = System.inheritedChannel();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (!(inherited instanceof ServerSocketChannel)) {
      throw new IllegalArgumentException(
          "bind "
              + bind
              + ": the unix socket must be open on standard input (run-prod.sh does this, and so"
              + " does systemd socket activation with StandardInput=socket). Start the server with"
              + " ./run-prod.sh --bind "
              + bind
              + ".");
    }
  }

  private static void writePid(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(file, ProcessHandle.current().pid() + "\n", StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the pid file " + file, e);
    }
  }

  private static void removePid(Path file) {
    try {
      if (Files.readString(file).trim().equals(String.valueOf(ProcessHandle.current().pid()))) {
        Files.delete(file);
      }
    } catch (IOException ignored) {
      // already gone or replaced by another master
    }
  }

  /** Removes a folder and what it holds, as far as possible. */
  static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // nothing there, or a file in use: what is left is for the OS or the next attempt
    }
  }
}
