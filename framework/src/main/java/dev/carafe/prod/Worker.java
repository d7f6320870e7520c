package dev.carafe.prod;

import dev.carafe.Carafe;
import dev.carafe.internal.TrustedProxies;
import io.javalin.Javalin;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.unixdomain.server.UnixDomainServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A worker process: serves the app on the shared port, warm before it takes traffic, and drains
 * without losing a request. Talks to the master over its standard streams: it writes {@code
 * @carafe <event>} lines (ready, hb, retire) and reads {@code drain}; end of input also drains, so
 * a worker never outlives its master.
 */
public final class Worker {
  /** Worker states, one way: STARTING, SERVING, DRAINING. */
  enum State {
    STARTING,
    SERVING,
    DRAINING
  }

  /** The exit code that tells the master the app cannot boot: stop, do not respawn. */
  public static final int BOOT_FAILED = 3;

  private static final Duration HEARTBEAT = Duration.ofSeconds(1);
  private static final Duration DRAIN_IDLE = Duration.ofSeconds(2);

  private final Carafe app;
  private final ProdSettings settings;
  private final PrintStream control;
  private final AtomicReference<State> state = new AtomicReference<>(State.STARTING);
  private final AccessLog accessLog;
  private final long retireAfter;
  private Javalin javalin;
  private AbstractConnector publicConnector;

  private Worker(Carafe app, ProdSettings settings, PrintStream control, OutputStream logs) {
    this.app = app;
    this.settings = settings;
    this.control = control;
    TrustedProxies trusted =
        TrustedProxies.parse(app.config().get("forwarded_allow_ips", "127.0.0.1,::1"));
    this.accessLog = new AccessLog(trusted, logs, app.config().getBool("access_log", true));
    this.retireAfter =
        settings.maxRequests() <= 0
            ? Long.MAX_VALUE
            : settings.maxRequests()
                + ThreadLocalRandom.current().nextInt(settings.maxRequestsJitter() + 1);
  }

  /**
   * Runs a worker for an app until it is told to drain; returns the exit code. The control stream
   * is the process's real stdout; everything else printed goes to stderr.
   */
  public static int run(Carafe app, dev.carafe.Config config) {
    PrintStream control =
        new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    System.setOut(System.err); // nothing but control lines on the master's pipe
    Worker worker =
        new Worker(
            app, ProdSettings.from(config), control, new FileOutputStream(FileDescriptor.err));
    Thread heartbeat = new Thread(worker::heartbeat, "carafe-heartbeat");
    heartbeat.setDaemon(true);
    heartbeat.start();
    try {
      worker.start();
    } catch (Exception | LinkageError e) {
      System.err.println("Worker failed to boot: " + e);
      e.printStackTrace();
      return BOOT_FAILED;
    }
    worker.awaitDrainOrder();
    worker.drain();
    return 0;
  }

  private void start() throws Exception {
    TrustedProxies trusted =
        TrustedProxies.parse(app.config().get("forwarded_allow_ips", "127.0.0.1,::1"));
    javalin =
        app.createServer(
            config -> {
              config.jetty.threadPool = threadPool();
              if ("virtual".equals(settings.threads())) {
                config.concurrency.useVirtualThreads = true;
              }
              long requestTimeout = (long) (app.config().getDouble("request_timeout", 0) * 1000);
              if (requestTimeout > 0) {
                config.router.handlerWrapper(
                    endpoint ->
                        ctx ->
                            ctx.async(
                                async -> {
                                  async.timeout = requestTimeout;
                                  async.onTimeout(
                                      late -> {
                                        System.err.printf(
                                            "Request timed out after %d ms: %s %s%n",
                                            requestTimeout, late.method(), late.path());
                                        late.status(503)
                                            .contentType("text/plain")
                                            .result("The request took too long.\n");
                                      });
                                },
                                () -> endpoint.handler.handle(ctx)));
              }
              config.jetty.modifyServer(
                  server -> {
                    server.setRequestLog(accessLog);
                    server.setStopTimeout(settings.gracefulTimeout().toMillis());
                  });
              config.jetty.modifyHttpConfiguration(
                  http -> {
                    http.addCustomizer(new RequestIds(trusted));
                    http.addCustomizer(
                        (request, headers) -> {
                          if (state.get() == State.DRAINING) {
                            headers.put(
                                HttpHeader.CONNECTION, "close"); // clients reconnect to a sibling
                          }
                          return request;
                        });
                  });
              // Warm-up happens on a private loopback port before the shared one is opened.
              config.jetty.addConnector(
                  (server, http) -> {
                    ServerConnector warmup =
                        new ServerConnector(server, new HttpConnectionFactory(http));
                    warmup.setHost("127.0.0.1");
                    warmup.setPort(0);
                    return warmup;
                  });
            });
    javalin.start();
    Server server = javalin.jettyServer().server();
    ServerConnector warmupConnector = (ServerConnector) server.getConnectors()[0];
    warmUp(warmupConnector.getLocalPort());
    warmupConnector.stop();
    server.removeConnector(warmupConnector);
    publicConnector = publicConnector(server, httpConfiguration(warmupConnector));
    server.addConnector(publicConnector);
    publicConnector.start();
    state.set(State.SERVING);
    app.health().ready();
    send("ready");
  }

  private static HttpConfiguration httpConfiguration(ServerConnector connector) {
    return connector.getConnectionFactory(HttpConnectionFactory.class).getHttpConfiguration();
  }

  private QueuedThreadPool threadPool() {
    int max = "virtual".equals(settings.threads()) ? 64 : Integer.parseInt(settings.threads());
    QueuedThreadPool pool = new QueuedThreadPool(Math.max(max, 8), Math.min(8, max));
    pool.setName("carafe-worker");
    return pool;
  }

  private AbstractConnector publicConnector(Server server, HttpConfiguration http) {
    if (settings.isUnixSocket()) {
      Path socket = Path.of(settings.bind().substring("unix:".length()));
      UnixDomainServerConnector unix =
          new UnixDomainServerConnector(server, new HttpConnectionFactory(http));
      unix.setUnixDomainPath(socket);
      unix.setIdleTimeout(settings.idleTimeout().toMillis());
      return unix;
    }
    ServerConnector tcp = new ServerConnector(server, new HttpConnectionFactory(http));
    tcp.setHost(settings.host());
    tcp.setPort(settings.port());
    tcp.setReusePort(true); // every worker binds the same port; the kernel spreads connections
    tcp.setAcceptQueueSize(1024);
    tcp.setIdleTimeout(settings.idleTimeout().toMillis());
    return tcp;
  }

  /** Sends requests to every plain GET route so the JIT has compiled the hot path. */
  private void warmUp(int port) {
    List<String> paths = warmupPaths();
    if (settings.warmupRequests() <= 0 || paths.isEmpty()) {
      return;
    }
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long started = System.nanoTime();
    for (int i = 0; i < settings.warmupRequests(); i++) {
      String path = paths.get(i % paths.size());
      try {
        client.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.discarding());
      } catch (IOException e) {
        break;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    System.err.printf(
        "Worker %d warmed up with %d requests in %d ms%n",
        ProcessHandle.current().pid(),
        settings.warmupRequests(),
        (System.nanoTime() - started) / 1_000_000);
  }

  private List<String> warmupPaths() {
    List<String> configured = app.config().getList("warmup_paths");
    if (!configured.isEmpty()) {
      return configured;
    }
    List<String> paths = new ArrayList<>();
    app.routes()
        .forEach(
            route -> {
              if (route.methods().contains("GET")
                  && !route.rule().contains("<")
                  && !route.rule().contains("logout")) {
                paths.add(route.rule());
              }
            });
    return paths;
  }

  private void heartbeat() {
    boolean retireSent = false;
    while (state.get() != State.DRAINING) {
      send("hb");
      if (!retireSent && accessLog.served() >= retireAfter) {
        send("retire"); // max_requests reached: the master starts a replacement, then drains us
        retireSent = true;
      }
      try {
        Thread.sleep(HEARTBEAT.toMillis());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void send(String event) {
    synchronized (control) {
      control.println("@carafe " + event);
    }
  }

  private void awaitDrainOrder() {
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.trim().equals("drain")) {
          return;
        }
      }
    } catch (IOException e) {
      // the master is gone: drain as if told to
    }
  }

  /**
   * Leaves the shared port without dropping anything: readiness goes to 503, the listener closes
   * (new connections go to siblings), every response from now on says {@code Connection: close},
   * and the worker waits for open connections to finish up to the graceful timeout.
   */
  private void drain() {
    state.set(State.DRAINING);
    app.health().draining();
    publicConnector.shutdown(); // closes the listener; open connections stay
    // Idle keep-alive connections have nothing in flight: let them close after a short idle spell
    // instead of holding the worker for the whole graceful timeout.
    for (EndPoint endPoint : publicConnector.getConnectedEndPoints()) {
      endPoint.setIdleTimeout(Math.min(endPoint.getIdleTimeout(), DRAIN_IDLE.toMillis()));
    }
    long deadline = System.nanoTime() + settings.gracefulTimeout().toNanos();
    while (System.nanoTime() < deadline && !publicConnector.getConnectedEndPoints().isEmpty()) {
      sleep(20);
    }
    javalin.stop();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
