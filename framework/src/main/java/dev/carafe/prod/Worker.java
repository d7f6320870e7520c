package dev.carafe.prod;

import dev.carafe.Carafe;
import dev.carafe.Config;
import dev.carafe.internal.AppLoader;
import dev.carafe.internal.ServerView;
import dev.carafe.internal.TrustedProxies;
import io.javalin.Javalin;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker process: loads the app, warms it up, binds the shared listener, tells the master where
 * it serves its metrics ({@link WorkerMetrics}) and that it is ready, heart-beats with its request
 * pool's {@link Progress} from a thread of its own (a full pool must not silence it), and drains on
 * TERM (stop accepting, finish the requests in flight, exit). INT stops at once; a worker whose
 * master is gone drains by itself.
 */
public final class Worker {
  private static final Logger LOG = LoggerFactory.getLogger(Worker.class);
  private static final Duration SETTLE = Duration.ofSeconds(1);

  /** Why the worker stops. */
  private enum Stop {
    GRACEFUL,
    FAST,
    ORPHANED
  }

  private final int id;
  private final Config config;
  private final ProdConfig settings;
  private final PrintStream control;
  private final BlockingQueue<Stop> stops = new LinkedBlockingQueue<>();
  private final ScheduledExecutorService heartbeat =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "carafe-heartbeat");
            t.setDaemon(true);
            return t;
          });
  private volatile Supplier<Progress> progress = () -> Progress.NONE;
  private Optional<WorkerMetrics> metrics = Optional.empty();
  private final IdleCollection idleCollection = new IdleCollection(Duration.ofSeconds(10));

  private Worker(int id, Config config, ProdConfig settings, PrintStream control) {
    this.id = id;
    this.config = config;
    this.settings = settings;
    this.control = control;
  }

  /**
   * Runs a worker until it stops and returns the exit code ({@link ExitCodes#BOOT_FAILED} when the
   * app cannot boot, {@link ExitCodes#BIND_FAILED} when it cannot listen; the JVM's own {@link
   * ExitCodes#OUT_OF_MEMORY} when it runs out of memory). Standard output becomes the message pipe
   * to the master; everything the worker and the app print goes to standard error.
   */
  public static int run(String appClass, Config config, int id, int generation, long requestLimit) {
    PrintStream control =
        new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    System.setOut(System.err);
    ProdConfig settings;
    try {
      settings = ProdConfig.from(config);
    } catch (IllegalArgumentException e) {
      LOG.error("Worker {} cannot start: {}", id, e.getMessage());
      return ExitCodes.BOOT_FAILED;
    }
    LOG.info("Worker {} (generation {}) booting", id, generation);
    Warmup.Plan warmup =
        WarmupTarget.plan(
            settings, AotCache.checkInUse(id), AotCache.recording(), BootTimes.jvmStart());
    return new Worker(id, config, settings, control).serve(appClass, requestLimit, warmup);
  }

  private int serve(String appClass, long requestLimit, Warmup.Plan warmup) {
    BootTimes boot = new BootTimes("JVM");
    Signals.forward(List.of("TERM", "INT"), this::onSignal);
    // A hang-up or job-control signal sent to the whole process group must not stop a worker.
    Signals.forward(List.of("HUP", "TTIN", "TTOU"), name -> {});
    long master = ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L);
    heartbeat.scheduleAtFixedRate(() -> beat(master), 0, 1, TimeUnit.SECONDS);

    Optional<AccessLog> accessLog =
        settings.accessLog() ? Optional.of(AccessLog.toStandardError(id)) : Optional.empty();
    Carafe app = null;
    Javalin javalin;
    ServerTuning tuning = new ServerTuning(settings);
    RequestGuard guard;
    AbstractConnector listener;
    try {
      // The registry joins the app as soon as it exists: a meter the factory registers (the
      // connection pool's) is then no surprise to Micrometer, which warns of meters that predate
      // a registry.
      app =
          AppLoader.load(
              appClass,
              Carafe.class,
              config,
              Thread.currentThread().getContextClassLoader(),
              made -> {
                if (settings.metricsBind().isPresent() && metrics.isEmpty()) {
                  metrics = Optional.of(new WorkerMetrics(id, made.metrics()));
                }
              });
      Carafe served = app;
      if (metrics.isPresent() && metrics.get().meters() != served.metrics()) {
        // The factory made more than one app and serves another than its first.
        metrics.get().close();
        metrics = Optional.of(new WorkerMetrics(id, served.metrics()));
      }
      boot.end("app");
      guard =
          new RequestGuard(
              TrustedProxies.from(config::get),
              accessLog,
              settings.requestTimeout(),
              requestLimit,
              () -> control.println(Message.RECYCLE.wire()),
              Dispatch.nonBlockingViewsOf(app),
              metrics.map(WorkerMetrics::meters));
      progress = guard::progress;
      javalin =
          ServerView.of(app)
              .createServer(javalinConfig -> tuning.apply(javalinConfig, guard))
              .start();
      Server server = javalin.jettyServer().server();
      metrics.ifPresent(m -> m.bindRequestPool(server.getThreadPool()));
      boot.end("server");
      Warmup.Result warmed = Warmup.run(tuning.warmupPort(), settings.warmupPathsFor(app), warmup);
      tuning.endWarmup(server);
      boot.end("warm-up");
      if (AotCache.recording()) {
        AotCache.finishRecording(id, warmed.rate());
        javalin.stop();
        app.close();
        return 0; // a recorder only warms up; it never serves
      }
      guard.serving();
      if (!stops.isEmpty()) {
        app.close();
        return 0; // retired while booting
      }
    } catch (Exception | LinkageError e) {
      LOG.error("Worker {} could not boot: {}", id, e.getMessage(), e);
      closeQuietly(app);
      return ExitCodes.BOOT_FAILED;
    }
    try {
      listener = tuning.listen(javalin.jettyServer().server());
    } catch (Exception e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      LOG.error(
          "Worker {} could not listen on {}: {} ({})",
          id,
          settings.bind(),
          e.getMessage(),
          cause.getMessage());
      closeQuietly(app);
      return ExitCodes.BIND_FAILED;
    }
    if (metrics.isPresent()) {
      try {
        control.println(new MetricsPort(metrics.get().listen()).wire());
      } catch (IOException e) {
        LOG.warn("Worker {} serves without metrics: {}", id, e.toString());
      }
    }
    app.health().ready();
    control.println(Message.READY.wire());
    boot.end("listen");
    LOG.info("Worker {} serving on {}, {}", id, settings.bind(), boot);

    Stop stop;
    try {
      stop = stops.take();
    } catch (InterruptedException e) {
      stop = Stop.FAST;
    }
    app.health().draining();
    Server server = javalin.jettyServer().server();
    if (stop == Stop.FAST) {
      server.setStopTimeout(0);
    } else {
      drain(listener, guard, server, stop);
    }
    try {
      javalin.stop();
    } catch (RuntimeException e) {
      LOG.warn("Worker {} did not stop cleanly: {}", id, e.toString());
    }
    // The app's own resources (a connection pool) go after its last request.
    closeQuietly(app);
    heartbeat.shutdownNow();
    accessLog.ifPresent(AccessLog::close);
    metrics.ifPresent(WorkerMetrics::close);
    LOG.info("Worker {} stopped", id);
    return 0;
  }

  /**
   * Stops accepting, tells every client to close its connection with its next answer, then waits
   * for the connections to go, up to the graceful timeout.
   */
  private void drain(AbstractConnector listener, RequestGuard guard, Server server, Stop why) {
    control.println(Message.DRAINING.wire());
    LOG.info("Worker {} draining{}", id, why == Stop.ORPHANED ? " (the master is gone)" : "");
    long deadline = System.nanoTime() + settings.gracefulTimeout().toNanos();
    guard.closeConnections();
    stopAccepting(listener);
    // Busy connections close after their next answer; give them a moment before Jetty's own
    // shutdown closes the ones left idle.
    long settle =
        System.nanoTime() + Math.min(SETTLE.toNanos(), settings.gracefulTimeout().toNanos());
    while (!listener.getConnectedEndPoints().isEmpty() && System.nanoTime() < settle) {
      sleep(20);
    }
    try {
      listener.shutdown().get(Math.max(1, remainingMillis(deadline)), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      LOG.warn(
          "Worker {}: {} request(s) still running after graceful_timeout; stopping anyway",
          id,
          guard.inFlight());
    } catch (Exception e) {
      LOG.warn("Worker {}: draining failed: {}", id, e.toString());
    }
    server.setStopTimeout(remainingMillis(deadline));
  }

  /** Closes a TCP listener (the kernel gives new clients to the siblings at once). */
  private static void stopAccepting(AbstractConnector listener) {
    if (listener instanceof ServerConnector tcp) {
      tcp.close();
    } else {
      // The shared unix socket stays open in the other workers; just stop taking from it.
      listener.setAccepting(false);
    }
  }

  /** Closes the app and what it holds; a failure there must not change the exit code. */
  private void closeQuietly(Carafe app) {
    if (app == null) {
      return;
    }
    try {
      app.close();
    } catch (RuntimeException e) {
      LOG.warn("Worker {} could not close the app: {}", id, e.toString());
    }
  }

  private static long remainingMillis(long deadline) {
    return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void onSignal(String name) {
    stops.add(name.equals("TERM") ? Stop.GRACEFUL : Stop.FAST);
  }

  private void beat(long master) {
    long parent = ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L);
    if (parent != master) {
      stops.add(Stop.ORPHANED);
      return;
    }
    Progress now = progress.get();
    control.println(now.wire());
    if (idleCollection.due(now, System.nanoTime())) {
      System.gc(); // on this thread: a pause here delays a beat, never a request
    }
  }
}
