package dev.carafe.prod;

import io.javalin.compression.CompressionStrategy;
import io.javalin.config.JavalinConfig;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.unixdomain.server.UnixDomainServerConnector;
import org.eclipse.jetty.util.VirtualThreads;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The Jetty a worker runs: its thread pool, the request guard, and two connectors. A private
 * loopback connector on a port of its own exists from the start for the warm-up; the shared
 * listener is added only once the worker is warm, because the kernel sends it clients the moment it
 * binds.
 */
final class ServerTuning {
  /** Connections queued in the kernel before accept; above the default 50 for bursts. */
  private static final int ACCEPT_QUEUE = 1024;

  private static final long DRAIN_IDLE_MILLIS = 5_000;

  private final ProdConfig settings;
  private volatile HttpConfiguration http;
  private volatile ServerConnector warmup;

  ServerTuning(ProdConfig settings) {
    this.settings = settings;
  }

  /** Applies the tuning to the Javalin being built. */
  void apply(JavalinConfig javalin, RequestGuard guard) {
    javalin.jetty.threadPool = threadPool();
    if (!settings.gzip()) {
      // nginx compresses in front; a worker that also tried wrapped every response for nothing.
      javalin.http.compressionStrategy = CompressionStrategy.NONE;
    }
    javalin.jetty.modifyServer(
        server -> {
          server.setStopTimeout(settings.gracefulTimeout().toMillis());
          guard.insertInto(server);
        });
    javalin.jetty.addConnector(
        (server, httpConfiguration) -> {
          http = httpConfiguration;
          // Set up as the shared listener will be (selectors, timeouts, connection listeners):
          // code the warm-up never ran would be compiled, or deoptimized, on clients' time.
          warmup = tcpConnector(server, "127.0.0.1", 0);
          warmup.setName(Warmup.CONNECTOR);
          return warmup;
        });
  }

  private QueuedThreadPool threadPool() {
    ProdConfig.Threads threads = settings.threads();
    QueuedThreadPool pool;
    if (threads.virtual()) {
      // Platform threads run Jetty's selectors; each request gets a virtual thread.
      pool = new QueuedThreadPool(16, 4);
      pool.setVirtualThreadsExecutor(VirtualThreads.getNamedVirtualThreadsExecutor("carafe-vt"));
    } else {
      pool = new QueuedThreadPool(threads.max(), Math.min(8, threads.max()));
    }
    pool.setName("carafe-http");
    return pool;
  }

  /** The private port the warm-up sends its requests to. */
  int warmupPort() {
    return warmup.getLocalPort();
  }

  /** Closes the warm-up port. */
  void endWarmup(Server server) throws Exception {
    warmup.stop();
    server.removeConnector(warmup);
  }

  /** Opens the shared listener (TCP with SO_REUSEPORT, or the inherited unix socket). */
  AbstractConnector listen(Server server) throws Exception {
    Bind bind = settings.bind();
    AbstractConnector connector;
    if (bind.isUnix()) {
      if (!(System.inheritedChannel() instanceof ServerSocketChannel)) {
        throw new IllegalStateException(
            "bind " + bind + ": no listening socket on standard input (start with run-prod.sh).");
      }
      UnixDomainServerConnector unix =
          new UnixDomainServerConnector(server, 1, -1, new HttpConnectionFactory(http));
      unix.setInheritChannel(true);
      // Jetty deletes this path when the connector closes; the socket file is shared by every
      // worker, so give Jetty a name that never exists.
      unix.setUnixDomainPath(Path.of(bind.unixPath().orElseThrow() + ".inherited"));
      connector = watched(unix);
    } else {
      ServerConnector tcp = tcpConnector(server, bind.host(), bind.port());
      tcp.setReusePort(true);
      tcp.setReuseAddress(true);
      tcp.setAcceptQueueSize(ACCEPT_QUEUE);
      connector = tcp;
    }
    server.addConnector(connector);
    if (!connector.isStarted()) {
      connector.start();
    }
    return connector;
  }

  private ServerConnector tcpConnector(Server server, String host, int port) {
    ServerConnector tcp = new ServerConnector(server, 1, -1, new HttpConnectionFactory(http));
    tcp.setHost(host);
    tcp.setPort(port);
    return watched(tcp);
  }

  /** Adds the timeouts every connector of a worker has. */
  private <C extends AbstractConnector> C watched(C connector) {
    connector.setIdleTimeout(settings.idleTimeout().toMillis());
    // Jetty's idle timeout restarts with every byte; this one bounds the headers as a whole.
    connector.addBean(new HeaderTimeout(settings.headerTimeout()));
    // While draining, a connection this long without traffic is closed. Jetty's 1 s also closes
    // busy connections whose next request a starved CPU has not read yet: the client sees a reset.
    connector.setShutdownIdleTimeout(
        Math.min(DRAIN_IDLE_MILLIS, settings.gracefulTimeout().toMillis()));
    return connector;
  }
}
