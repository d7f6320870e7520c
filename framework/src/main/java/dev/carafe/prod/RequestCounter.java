package dev.carafe.prod;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Counts a worker's requests: those in flight (a draining worker reports them), and those served
 * toward max_requests, reporting once when the limit is reached. Outermost of the worker's
 * handlers, so that a request counts as done only once its access log line is written.
 */
final class RequestCounter extends Handler.Wrapper {
  private final Runnable onLimit;
  private final AtomicLong served = new AtomicLong();
  private final AtomicInteger inFlight = new AtomicInteger();
  // 0 (never reached) until the worker serves: warm-up requests are counted like clients' ones,
  // so the JIT meets no branch that only clients take, but cannot use up max_requests.
  private volatile long limit;

  RequestCounter(Runnable onLimit) {
    this.onLimit = onLimit;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    if (served.incrementAndGet() == limit) {
      onLimit.run();
    }
    inFlight.incrementAndGet();
    boolean handled = false;
    try {
      handled = super.handle(request, response, new Counted(callback));
      return handled;
    } finally {
      if (!handled) {
        inFlight.decrementAndGet(); // Jetty answers it without the callback given here
      }
    }
  }

  /** Waits up to {@code millis} for the requests in flight (the warm-up's last ones) to finish. */
  void awaitIdle(long millis) throws InterruptedException {
    for (long waited = 0; waited < millis && inFlight.get() > 0; waited += 10) {
      Thread.sleep(10);
    }
  }

  /** Counts toward {@code requestLimit} from now on; 0 is no limit. */
  void startCounting(long requestLimit) {
    served.set(0);
    limit = requestLimit;
  }

  /** Requests being served now. */
  int inFlight() {
    return inFlight.get();
  }

  private final class Counted extends Callback.Nested {
    Counted(Callback callback) {
      super(callback);
    }

    @Override
    public void succeeded() {
      inFlight.decrementAndGet();
      super.succeeded();
    }

    @Override
    public void failed(Throwable failure) {
      inFlight.decrementAndGet();
      super.failed(failure);
    }
  }
}
