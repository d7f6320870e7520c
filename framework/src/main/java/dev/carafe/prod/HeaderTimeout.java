package dev.carafe.prod;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes connections that take longer than {@code header_timeout} to deliver a request's headers.
 * Jetty's idle timeout restarts with every byte, so a client trickling a header byte every few
 * seconds (slowloris) would hold its connection for ever; nginx's {@code client_header_timeout} is
 * the same rule. The clock starts when a connection opens or when its first byte after a response
 * arrives, and stops once the headers are read: slow bodies, slow handlers and keep-alive
 * connections waiting quietly for their next request are left to the other timeouts.
 *
 * <p>A bean of the connector: Jetty adds it to every connection the connector opens, and starts and
 * stops it with the connector.
 */
final class HeaderTimeout extends AbstractLifeCycle implements Connection.Listener {
  private static final Logger LOG = LoggerFactory.getLogger(HeaderTimeout.class);

  /** What a connection had done at the last look, and since when it has been reading headers. */
  private static final class Watch {
    long messagesIn;
    long bytesIn;
    long readingSince;

    Watch(long now) {
      readingSince = now; // a new connection owes its first request's headers
    }
  }

  private final long limitNanos;
  private final Map<Connection, Watch> open = new ConcurrentHashMap<>();
  private ScheduledExecutorService sweeper;

  HeaderTimeout(Duration limit) {
    this.limitNanos = limit.toNanos();
  }

  @Override
  protected void doStart() {
    sweeper =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "carafe-header-timeout");
              thread.setDaemon(true);
              return thread;
            });
    // A quarter of the limit between looks: a slow client is closed at most 25 % late.
    long period = Math.max(50, Math.min(1000, TimeUnit.NANOSECONDS.toMillis(limitNanos) / 4));
    sweeper.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.MILLISECONDS);
  }

  @Override
  protected void doStop() {
    sweeper.shutdownNow();
    open.clear();
  }

  @Override
  public void onOpened(Connection connection) {
    open.put(connection, new Watch(System.nanoTime()));
  }

  @Override
  public void onClosed(Connection connection) {
    open.remove(connection);
  }

  private void sweep() {
    long now = System.nanoTime();
    open.forEach(
        (connection, watch) -> {
          long messagesIn = connection.getMessagesIn();
          long bytesIn = connection.getBytesIn();
          boolean handling = messagesIn > connection.getMessagesOut();
          if (messagesIn != watch.messagesIn || handling) {
            // Headers were read (and maybe a body is still coming): not this timeout's business.
            watch.messagesIn = messagesIn;
            watch.bytesIn = bytesIn;
            watch.readingSince = 0;
          } else if (watch.readingSince == 0 && bytesIn != watch.bytesIn) {
            watch.readingSince = now; // the next request has begun to arrive
          } else if (watch.readingSince != 0 && now - watch.readingSince > limitNanos) {
            LOG.info(
                "Closing a connection from {} that sent no complete request headers in {} ms",
                connection.getEndPoint().getRemoteSocketAddress(),
                TimeUnit.NANOSECONDS.toMillis(limitNanos));
            open.remove(connection);
            connection.close();
          }
        });
  }
}
