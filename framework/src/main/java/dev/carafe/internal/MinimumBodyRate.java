package dev.carafe.internal;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cuts request bodies that arrive slower than a minimum rate, so that a client trickling or
 * stalling a body cannot hold a request thread: every {@link #WINDOW} a reader spends waiting for
 * body bytes must bring {@code bytesPerSecond} × 5 bytes, or the read fails with a 408 and the
 * connection closes after the answer. Only time spent waiting counts, so a view that is busy
 * between two reads is never cut.
 *
 * <p>Jetty's {@code HttpConfiguration.setMinRequestDataRate} is not enough: it checks when a
 * servlet read returns, so a body that stops arriving is never checked, and multipart parsing reads
 * below the servlet layer where it does not look at all. This handler wraps the request every
 * reader goes through, and a sweeper thread looks at the waiting ones four times a second.
 */
public final class MinimumBodyRate extends Handler.Wrapper {
  /** The span of waiting over which the rate is measured. */
  public static final Duration WINDOW = Duration.ofSeconds(5);

  private static final Logger LOG = LoggerFactory.getLogger(MinimumBodyRate.class);
  private static final long SWEEP_MILLIS = 250;

  private final long bytesPerSecond;
  private final long bytesPerWindow;
  private final Set<Body> reading = ConcurrentHashMap.newKeySet();
  private ScheduledExecutorService sweeper;

  /** Watches the bodies {@code handler} reads; a rate of 0 turns the check off. */
  public MinimumBodyRate(long bytesPerSecond, Handler handler) {
    this(bytesPerSecond);
    setHandler(handler);
  }

  /** A rate of 0 turns the check off. */
  public MinimumBodyRate(long bytesPerSecond) {
    if (bytesPerSecond < 0) {
      throw new IllegalArgumentException(
          "min_request_body_rate must be 0 (off) or more bytes per second, got "
              + bytesPerSecond
              + ".");
    }
    this.bytesPerSecond = bytesPerSecond;
    this.bytesPerWindow = bytesPerSecond * WINDOW.toSeconds();
  }

  @Override
  protected void doStart() throws Exception {
    if (bytesPerSecond > 0) {
      sweeper =
          Executors.newSingleThreadScheduledExecutor(
              task -> {
                Thread thread = new Thread(task, "carafe-body-rate");
                thread.setDaemon(true);
                return thread;
              });
      sweeper.scheduleWithFixedDelay(
          this::sweep, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
    }
    super.doStart();
  }

  @Override
  protected void doStop() throws Exception {
    if (sweeper != null) {
      sweeper.shutdownNow();
    }
    reading.clear();
    super.doStop();
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    HttpFields headers = request.getHeaders();
    if (bytesPerSecond == 0
        || headers.getLongField(HttpHeader.CONTENT_LENGTH) <= 0
            && !headers.contains(HttpHeader.TRANSFER_ENCODING)) {
      return super.handle(request, response, callback); // no body: nothing to watch, nothing spent
    }
    Body body = new Body(request);
    return super.handle(
        body,
        response,
        new Callback.Nested(callback) {
          @Override
          public void completed() {
            reading.remove(body);
          }
        });
  }

  private void sweep() {
    long now = System.nanoTime();
    for (Body body : reading) {
      body.check(now);
    }
  }

  /** A request whose body reads are watched; a reader that demands bytes starts the clock. */
  private final class Body extends Request.Wrapper {
    private long bytes;
    private long waitedNanos;
    private long waitingSince; // 0 while nobody waits for bytes
    private long windowStartWaited;
    private long windowStartBytes;
    private Runnable waiter;
    private volatile Content.Chunk failure;

    Body(Request request) {
      super(request);
    }

    @Override
    public Content.Chunk read() {
      Content.Chunk failed = failure;
      if (failed != null) {
        return failed;
      }
      Content.Chunk chunk = super.read();
      if (chunk != null) {
        synchronized (this) {
          bytes += chunk.remaining();
        }
        if (chunk.isLast()) {
          reading.remove(this);
        }
      }
      return chunk;
    }

    @Override
    public void demand(Runnable onContent) {
      if (failure != null) {
        onContent.run();
        return;
      }
      synchronized (this) {
        waiter = onContent;
        waitingSince = System.nanoTime();
      }
      reading.add(this);
      super.demand(this::contentArrived);
    }

    private void contentArrived() {
      Runnable ready = stopWaiting(System.nanoTime());
      if (ready != null) {
        ready.run();
      }
    }

    private synchronized Runnable stopWaiting(long now) {
      if (waitingSince != 0) {
        waitedNanos += now - waitingSince;
        waitingSince = 0;
      }
      Runnable ready = waiter;
      waiter = null;
      return ready;
    }

    /** Fails the body if the last window of waiting brought too few bytes. */
    void check(long now) {
      synchronized (this) {
        if (waitingSince == 0) {
          return;
        }
        long waited = waitedNanos + (now - waitingSince);
        if (waited - windowStartWaited < WINDOW.toNanos()) {
          return;
        }
        if (bytes - windowStartBytes >= bytesPerWindow) {
          windowStartWaited = waited;
          windowStartBytes = bytes;
          return;
        }
      }
      LOG.info(
          "Cutting a request body from {} that arrived slower than {} bytes/s",
          getConnectionMetaData().getRemoteSocketAddress(),
          bytesPerSecond);
      failure =
          Content.Chunk.from(
              new HttpException.RuntimeException(
                  408,
                  "The request body arrived slower than "
                      + bytesPerSecond
                      + " bytes per second; it was cut off."),
              true);
      reading.remove(this);
      Runnable ready = stopWaiting(now);
      if (ready != null) {
        ready.run(); // the reader wakes up and reads the failure
      }
    }
  }
}
