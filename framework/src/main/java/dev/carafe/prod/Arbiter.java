package dev.carafe.prod;

import dev.carafe.Config;
import dev.carafe.internal.ProductionSecret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channel;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The production master: a loop that takes the events signal handlers and workers enqueue, hands
 * each to the {@link Supervisor} for a decision and performs the effects (start and signal workers,
 * copy the class path aside, start nginx, record the AOT cache), and serves the metrics of the
 * whole server ({@link MasterMetrics}). The master never touches a client connection: workers bind
 * the port themselves.
 */
public final class Arbiter {
  private static final Logger LOG = LoggerFactory.getLogger(Arbiter.class);
  private static final long TICK_MILLIS = 200;

  private final ProdConfig settings;
  private final MasterState.Rules rules;
  private final WorkerLaunch launch;
  private final String extraClassPath;
  private final Path runtimeDir;
  private final Optional<AotCache> aot;
  private final AotRecording recording;
  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private final Map<Integer, WorkerProcess> workers = new LinkedHashMap<>();
  private final Map<Integer, Release> releases = new HashMap<>();
  private Optional<Nginx> nginx = Optional.empty();
  private CompletableFuture<Optional<MasterMetrics>> metrics =
      CompletableFuture.completedFuture(Optional.empty());
  private OptionalInt exit = OptionalInt.empty();

  private Arbiter(
      String appClass,
      ProdConfig settings,
      WorkerLaunch launch,
      String extraClassPath,
      Path runtimeDir,
      Optional<AotCache> aot) {
    this.settings = settings;
    this.launch = launch;
    this.extraClassPath = extraClassPath;
    this.runtimeDir = runtimeDir;
    this.aot = aot;
    this.recording = new AotRecording(aot, launch);
    Bind bind = settings.bind();
    this.rules =
        new MasterState.Rules(
            appClass,
            bind.isUnix() ? bind.toString() : "http://" + bind,
            settings.timeout(),
            settings.gracefulTimeout(),
            settings.withNginx(),
            settings.workers(),
            settings.heap());
  }

  /**
   * Runs the master until it stops and returns the process exit code ({@link ExitCodes}). Workers
   * run {@code workerMain}'s {@code worker} command; {@code flags} are the command-line settings,
   * which workers get as {@code CARAFE_*} variables so they see the same configuration without
   * secrets showing up in {@code ps}.
   */
  public static int run(
      String workerMain,
      String appClass,
      Optional<Path> configFile,
      Config config,
      Map<String, String> flags) {
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
      return ExitCodes.CONFIG_ERROR;
    }
    AddressLock lock;
    try {
      lock = AddressLock.take(settings.bind());
    } catch (AddressLock.Held held) {
      System.err.println("carafe: " + held.getMessage());
      return ExitCodes.ANOTHER_MASTER;
    }
    Path runtime;
    try {
      runtime = RuntimeFolder.create();
    } catch (IOException e) {
      lock.close();
      System.err.println("carafe: cannot create a runtime folder: " + e.getMessage());
      return ExitCodes.FAILED;
    }
    Arbiter arbiter =
        new Arbiter(
            appClass,
            settings,
            new WorkerLaunch(workerMain, appClass, configFile, settings, flags),
            config.get("classpath", ""),
            runtime,
            AotCache.open(settings, appClass, Runtime.version().feature()));
    try {
      return arbiter.serve();
    } finally {
      RuntimeFolder.deleteTree(runtime);
      lock.close();
    }
  }

  private int serve() {
    // QUIT stays the JVM's, as in any Java process: it prints a thread dump and nothing stops.
    Signals.forward(
        List.of("HUP", "TERM", "INT", "TTIN", "TTOU"), name -> events.add(new Event.Signal(name)));
    Optional<PidFile> pidFile = settings.pidFile().map(PidFile::write);
    // Micrometer's registry takes a fifth of a second to load: the first workers boot meanwhile.
    metrics =
        CompletableFuture.supplyAsync(() -> settings.metricsBind().flatMap(MasterMetrics::start));
    try {
      releases.put(1, snapshot(1));
      LOG.info(
          "Carafe master (pid {}) starting {} worker(s) of {} on {}",
          ProcessHandle.current().pid(),
          rules.workers(),
          rules.app(),
          settings.bind());
      loop(MasterState.initial(rules));
      return exit.orElse(ExitCodes.FAILED);
    } catch (IOException e) {
      LOG.error("The master failed: {}", e.toString());
      return ExitCodes.FAILED;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ExitCodes.FAILED;
    } finally {
      workers.values().forEach(w -> w.signal("KILL"));
      recording.stop();
      nginx.ifPresent(Nginx::stop);
      metrics.join().ifPresent(MasterMetrics::close);
      pidFile.ifPresent(PidFile::remove);
    }
  }

  /** Handles the events as they come and ticks at least every {@link #TICK_MILLIS}, until exit. */
  private void loop(MasterState state) throws InterruptedException, IOException {
    state = decide(state, new Event.Tick()); // the first workers start now, not a tick later
    while (exit.isEmpty()) {
      Event event = events.poll(TICK_MILLIS, TimeUnit.MILLISECONDS);
      while (event != null && exit.isEmpty()) {
        state = decide(state, event);
        event = events.poll();
      }
      if (exit.isEmpty()) {
        state = decide(state, new Event.Tick());
      }
      MasterState decided = state;
      // Until the metrics serve, nothing reads what they would hold; the next loop catches up.
      metrics.getNow(Optional.empty()).ifPresent(m -> m.observe(decided));
    }
  }

  /** Decides on one event and performs the effects; an effect's answer is decided on at once. */
  private MasterState decide(MasterState state, Event event) throws IOException {
    if (event instanceof Event.Exited exited) {
      workers.remove(exited.worker());
      metrics.join().ifPresent(m -> m.workerGone(exited.worker()));
    } else if (event instanceof Event.MetricsAt at) {
      metrics.join().ifPresent(m -> m.workerAt(at.worker(), at.port()));
      return state;
    }
    Supervisor.Step step = Supervisor.next(state, event, System.nanoTime());
    MasterState next = step.state();
    for (Effect effect : step.effects()) {
      Optional<Event> answer = perform(effect);
      if (answer.isPresent()) {
        next = decide(next, answer.get());
      }
    }
    return next;
  }

  private Optional<Event> perform(Effect effect) throws IOException {
    if (effect instanceof Effect.Spawn spawn) {
      Release release = releases.get(spawn.generation());
      ProcessBuilder builder =
          launch.worker(release, spawn.generation(), spawn.worker(), recording.fileFor(release));
      WorkerProcess worker = WorkerProcess.watch(spawn.worker(), builder.start(), events::add);
      workers.put(spawn.worker(), worker);
      return Optional.of(new Event.Started(spawn.worker(), worker.pid()));
    } else if (effect instanceof Effect.Signal signal) {
      Optional.ofNullable(workers.get(signal.worker())).ifPresent(w -> w.signal(signal.name()));
    } else if (effect instanceof Effect.TakeRelease take) {
      try {
        releases.put(take.generation(), snapshot(take.generation()));
        return Optional.of(new Event.ReleaseTaken(take.generation()));
      } catch (IOException e) {
        return Optional.of(new Event.ReleaseFailed(take.generation(), e.toString()));
      }
    } else if (effect instanceof Effect.StartNginx) {
      nginx = Nginx.start(Home.folder(), settings.bind(), settings.nginxBind());
    } else if (effect instanceof Effect.RecordAotCache record) {
      Release release = releases.get(record.generation());
      if (recording.record(record.worker(), record.generation(), release)) {
        return Optional.of(new Event.RecorderStarted(record.worker()));
      }
    } else if (effect instanceof Effect.Log log) {
      switch (log.level()) {
        case DEBUG -> LOG.debug(log.message());
        case INFO -> LOG.info(log.message());
        case WARN -> LOG.warn(log.message());
        case ERROR -> LOG.error(log.message());
      }
    } else if (effect instanceof Effect.Exit done) {
      exit = OptionalInt.of(done.code());
    }
    return Optional.empty();
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
}
