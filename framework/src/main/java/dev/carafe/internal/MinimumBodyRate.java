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
import org.eclipse.jetty.util.thread.Invocable;
import org.eclipse.jetty.util.thread.Invocable.InvocationType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cuts request bodies that arrive slower than a minimum rate, so that a client trickling or
 * stalling a body cannot hold a request thread: every {@link #WINDOW} a reader spends waiting for
 * body bytes must bring {@code bytesPerSecond} × 5 bytes, or the read fails with a 408 and the
 * connection closes after the answer. Only time spent waiting counts, so a view that is busy
 * between two reads is never cut, and the wait starts when a reader asks for bytes: that is when
 * Jetty asks a client that sent {@code Expect: 100-continue} for its body. It ends when the bytes
 * arrive, not when a thread gets round to reading them: a pool whose every thread waits for a body
 * still hands bytes to their readers at once, and the time a reader's callback waits for a free
 * thread is the server's, never counted against the client.
 *
 * <p>Jetty's {@code HttpConfiguration.setMinRequestDataRate} is not enough: it checks when a
 * servlet read returns, so a body that stops arriving is never checked, and multipart parsing reads
 * below the servlet layer where it does not look at all. This handler wraps the request every
 * reader goes through, and a sweeper thread looks at the waiting ones four times a second.
 */
public final class MinimumBodyRate extends Handler.Wrapper {
  /** The span of waiting over which the rate is measured. */
  public static final Duration WINDOW = Duration.ofSeconds(5);

  /**
   * The request attribute that holds the failure of a body this handler cut. Whatever a reader
   * makes of the failed read (Jetty's multipart parser may report it as a malformed body), the cut
   * is why the request failed, and it is answered as one.
   */
  public static final String CUT = MinimumBodyRate.class.getName() + ".cut";

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
    private volatile boolean cut;

    Body(Request request) {
      super(request);
    }

    @Override
    public Content.Chunk read() {
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
      if (cut) {
        super.demand(onContent); // Jetty answers it at once with the failure
        return;
      }
      synchronized (this) {
        waiter = onContent;
        waitingSince = System.nanoTime();
      }
      reading.add(this);
      // Non-blocking, whatever the reader is: Jetty calls it on the thread that saw the bytes
      // arrive, and the clock stops there. A plain Runnable is blocking to Jetty, which then waits
      // for a free pool thread to call it: with every thread blocked reading a body (uploads that
      // all waited for 100 Continue), none frees up, and the bodies were cut for the server's wait.
      super.demand(Invocable.from(InvocationType.NON_BLOCKING, this::contentArrived));
    }

    private void contentArrived() {
      Runnable ready = stopWaiting(System.nanoTime());
      if (ready == null) {
        return;
      }
      if (Invocable.getInvocationType(ready) == InvocationType.BLOCKING) {
        getContext().execute(ready); // an asynchronous reader that may block gets a pool thread
      } else {
        Invocable.invokeNonBlocking(ready); // blocking reads and multipart parsing wake up here
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
      cut = true;
      reading.remove(this);
      LOG.info(
          "Cutting a request body from {} that arrived slower than {} bytes/s",
          getConnectionMetaData().getRemoteSocketAddress(),
          bytesPerSecond);
      HttpException.RuntimeException failure =
          new HttpException.RuntimeException(
              408,
              "The request body arrived slower than "
                  + bytesPerSecond
                  + " bytes per second; it was cut off.");
      setAttribute(CUT, failure);
      // Through Jetty, which fails this read and every later one and wakes the reader it owes
      // bytes with the failure: a demand of ours left pending would fail the request as it ends.
      fail(failure);
    }
  }
}
