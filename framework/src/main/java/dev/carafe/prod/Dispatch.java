package dev.carafe.prod;

import dev.carafe.Carafe;
import dev.carafe.Route;
import dev.carafe.internal.LogContext;
import dev.carafe.internal.ServerView;
import dev.carafe.internal.ServerView.EarlyMatch;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiFunction;
import java.util.function.IntSupplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.VirtualThreads;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Decides where a request runs. Jetty calls it on the I/O thread that read the request (it declares
 * itself non-blocking); a request for a {@link Route#nonBlocking()} view without a body runs right
 * there, its writes queued behind it ({@link WriteBehind}), and every other one is handed to the
 * request pool, as Jetty would have done for the servlet behind it. What nothing handles is a 404.
 * It counts the requests handed to the app, started and finished: the {@link Progress} the worker's
 * heartbeat reports.
 */
final class Dispatch extends Handler.Wrapper {
  private final Optional<BiFunction<String, String, EarlyMatch>> nonBlockingViews;
  private Executor pool; // set at start: the server's pool, or its virtual threads
  private IntSupplier queued = () -> 0; // set at start: the tasks in the server pool's queue
  private final LongAdder handed = new LongAdder();
  private final LongAdder started = new LongAdder();
  private final LongAdder finished = new LongAdder();

  /** {@code nonBlockingViews} tells a non-blocking view by method and path; none runs inline. */
  Dispatch(Optional<BiFunction<String, String, EarlyMatch>> nonBlockingViews) {
    this.nonBlockingViews = nonBlockingViews;
  }

  /**
   * The method-and-path test for the app's {@link Route#nonBlocking()} views; none when the app has
   * none, so that its requests pay for no checks.
   */
  static Optional<BiFunction<String, String, EarlyMatch>> nonBlockingViewsOf(Carafe app) {
    return ServerView.of(app).nonBlockingViews();
  }

  @Override
  public InvocationType getInvocationType() {
    return InvocationType.NON_BLOCKING;
  }

  @Override
  protected void doStart() throws Exception {
    Executor threads = getServer().getThreadPool();
    Executor virtual = VirtualThreads.getVirtualThreadsExecutor(threads);
    pool = virtual == null ? threads : virtual;
    if (threads instanceof QueuedThreadPool platform) {
      queued = platform::getQueueSize;
    }
    super.doStart();
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    handed.increment();
    if (runsInline(request)) {
      WriteBehind writes = new WriteBehind(request, response, callback);
      run(request, writes.response(), writes.callback());
      return true;
    }
    try {
      pool.execute(() -> run(request, response, callback));
    } catch (RejectedExecutionException stopping) {
      handed.decrement();
      Response.writeError(request, response, callback, HttpStatus.SERVICE_UNAVAILABLE_503);
    }
    return true;
  }

  /**
   * The requests the app has finished and is running now, and the work waiting for a thread: the
   * requests handed to the app and not started, or the pool's queue, which also holds the new
   * connections Jetty sets up on a pool thread.
   */
  Progress progress() {
    // Read in the order the counts grow, so that none comes out negative.
    long done = finished.sum();
    long running = started.sum();
    long all = handed.sum();
    int waiting = Math.max((int) (all - running), queued.getAsInt());
    return new Progress(done, (int) (running - done), waiting);
  }

  /** A request for a non-blocking view, without a body: reading one could wait for bytes. */
  private boolean runsInline(Request request) {
    return nonBlockingViews.isPresent()
        && request.getLength() <= 0
        && !request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING)
        && matchEarly(request).nonBlocking();
  }

  /** Matches the request's route and keeps the match on it, so that the app matches it once. */
  private EarlyMatch matchEarly(Request request) {
    EarlyMatch match =
        nonBlockingViews.get().apply(request.getMethod(), Request.getPathInContext(request));
    request.setAttribute(ServerView.EARLY_MATCH, match);
    return match;
  }

  /**
   * Runs the app (Jetty's servlet behind this handler), with the request's id in the logging
   * context of the thread that runs it, hooks included.
   */
  private void run(Request request, Response response, Callback callback) {
    started.increment();
    if (request.getAttribute(RequestIds.ATTRIBUTE) instanceof String id) {
      LogContext.enter(id);
    }
    try {
      if (!super.handle(request, response, callback)) {
        Response.writeError(request, response, callback, HttpStatus.NOT_FOUND_404);
      }
    } catch (Throwable t) {
      callback.failed(t);
    } finally {
      LogContext.leave();
      finished.increment();
    }
  }
}
