package dev.carafe.prod;

import dev.carafe.internal.LogContext;
import dev.carafe.internal.SecureErrorHandler;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ObjLongConsumer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-request timeout: a request whose app has not started its response after request_timeout
 * is answered 503 (Carafe's error page, with the request's id) and the app's later writes are
 * refused. A response that has started (a stream, a download) is never cut. A watchdog thread looks
 * at the requests in flight a few times per timeout, which costs a request nothing but a set entry.
 */
final class RequestTimeout extends Handler.Wrapper {
  /** The request attribute set on a request the timeout answered. */
  static final String TIMED_OUT = "carafe.timed_out";

  private static final Logger LOG = LoggerFactory.getLogger(RequestTimeout.class);

  /** Who may still answer: the app, or the timeout. Only forward. */
  private enum Phase {
    RUNNING,
    WRITING,
    TIMED_OUT,
    DONE
  }

  private final long timeoutNanos;
  private final long periodMillis;
  private final ObjLongConsumer<Callback> beforeAnswer;
  private final Set<Guarded> running = ConcurrentHashMap.newKeySet();
  private ScheduledExecutorService watchdog;

  /**
   * {@code beforeAnswer} is told of a request the timeout is about to answer (its callback as this
   * handler got it) with the length of the answer, before it goes out: a client that has the answer
   * may look for its access log line.
   */
  RequestTimeout(Duration timeout, ObjLongConsumer<Callback> beforeAnswer) {
    this.timeoutNanos = timeout.toNanos();
    this.periodMillis = Math.max(50, Math.min(1000, timeout.toMillis() / 10));
    this.beforeAnswer = beforeAnswer;
  }

  @Override
  protected void doStart() throws Exception {
    watchdog =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "carafe-request-timeouts");
              t.setDaemon(true);
              return t;
            });
    watchdog.scheduleAtFixedRate(this::expire, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    super.doStart();
  }

  @Override
  protected void doStop() throws Exception {
    watchdog.shutdownNow();
    super.doStop();
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    Guarded guarded = new Guarded(request, response, callback);
    running.add(guarded);
    boolean handled = false;
    try {
      handled = super.handle(request, guarded.response, guarded);
      return handled;
    } finally {
      if (!handled) {
        running.remove(guarded);
      }
    }
  }

  private void expire() {
    long now = System.nanoTime();
    for (Guarded guarded : running) {
      if (now - guarded.started > timeoutNanos) {
        guarded.timeOut();
      }
    }
  }

  /** One request: the callback the app completes, and the response it writes to. */
  private final class Guarded implements Callback {
    final Request request;
    final Response original;
    final Callback callback;
    final long started = System.nanoTime();
    final AtomicReference<Phase> phase = new AtomicReference<>(Phase.RUNNING);
    final Response response;

    Guarded(Request request, Response original, Callback callback) {
      this.request = request;
      this.original = original;
      this.callback = callback;
      this.response = new GuardedResponse(this);
    }

    @Override
    public void succeeded() {
      if (finish()) {
        callback.succeeded();
      }
    }

    @Override
    public void failed(Throwable failure) {
      if (finish()) {
        callback.failed(failure);
      }
    }

    @Override
    public InvocationType getInvocationType() {
      return callback.getInvocationType();
    }

    /** Ends the request unless the timeout already answered; true when the app's answer counts. */
    private boolean finish() {
      Phase p = phase.get();
      while (p == Phase.RUNNING || p == Phase.WRITING) {
        if (phase.compareAndSet(p, Phase.DONE)) {
          running.remove(this);
          return true;
        }
        p = phase.get();
      }
      return false;
    }

    /** Answers 503 if the app has not started its response. */
    void timeOut() {
      if (!phase.compareAndSet(Phase.RUNNING, Phase.TIMED_OUT)) {
        return;
      }
      running.remove(this);
      Object requestId = request.getAttribute(RequestIds.ATTRIBUTE);
      // On the watchdog's thread: the line carries the id in the logging context, as the app's do.
      LogContext.enter(String.valueOf(requestId));
      try {
        LOG.warn(
            "Request {} {} ran past the request timeout ({} ms); answered 503 (request id {})",
            request.getMethod(),
            request.getHttpURI().getPath(),
            TimeUnit.NANOSECONDS.toMillis(timeoutNanos),
            requestId);
      } finally {
        LogContext.leave();
      }
      original.reset();
      original.getHeaders().put(HttpHeader.CONNECTION, "close");
      request.setAttribute(TIMED_OUT, Boolean.TRUE);
      String detail =
          "The request took longer than "
              + BigDecimal.valueOf(TimeUnit.NANOSECONDS.toMillis(timeoutNanos), 3)
                  .stripTrailingZeros()
                  .toPlainString()
              + " s"
              + (requestId == null ? "." : " (request id " + requestId + ").");
      ByteBuffer body = SecureErrorHandler.of(getServer()).page(request, original, 503, detail);
      beforeAnswer.accept(callback, body.remaining());
      original.write(true, body, callback);
    }
  }

  /** The app's view of the response: its writes are refused once the timeout has answered. */
  private static final class GuardedResponse extends Response.Wrapper {
    private final Guarded guarded;

    GuardedResponse(Guarded guarded) {
      super(guarded.request, guarded.original);
      this.guarded = guarded;
    }

    @Override
    public void write(boolean last, ByteBuffer content, Callback callback) {
      Phase p = guarded.phase.get();
      if (p == Phase.RUNNING && guarded.phase.compareAndSet(Phase.RUNNING, Phase.WRITING)) {
        p = Phase.WRITING;
      }
      if (p != Phase.WRITING && p != Phase.DONE) {
        callback.failed(new TimeoutException("The request timeout has already answered 503."));
        return;
      }
      super.write(last, content, callback);
    }
  }
}
