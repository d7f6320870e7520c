package dev.carafe.prod;

import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's request pool: Jetty's pool, with one change in when a finished request lets its
 * connection go on. Jetty completes a request from inside the thread that ran it, and that
 * completion hands the connection's next step (reading its next request) to the pool at once: the
 * next request then starts on another thread while this one is still unwinding the last, and the
 * two contend for the connection's locks. Here the thread that ran the request keeps that step
 * until it has returned from the request, then runs it itself when no other work waits, else queues
 * it behind that work, by which time the next request has usually arrived.
 */
final class RequestPool extends QueuedThreadPool {
  private static final Logger LOG = LoggerFactory.getLogger(RequestPool.class);

  /** The work a request's completion handed to the pool on the thread that ran it. */
  private static final ThreadLocal<ArrayDeque<Runnable>> KEPT = new ThreadLocal<>();

  RequestPool(int maxThreads, int minThreads) {
    super(maxThreads, minThreads);
  }

  @Override
  public void execute(Runnable job) {
    ArrayDeque<Runnable> kept = KEPT.get();
    if (kept != null) {
      kept.add(job);
    } else {
      super.execute(job);
    }
  }

  /**
   * Runs {@code request} on this pool thread with a callback that completes {@code callback}, then
   * what that completion handed to the pool on this thread.
   */
  void serve(Consumer<Callback> request, Callback callback) {
    Keeping completion = new Keeping(callback);
    request.accept(completion);
    completion.done();
    for (Runnable job = completion.kept.poll(); job != null; job = completion.kept.poll()) {
      if (getQueueSize() == 0 || !queued(job)) {
        runHere(job);
      }
    }
  }

  private boolean queued(Runnable job) {
    try {
      super.execute(job);
      return true;
    } catch (RejectedExecutionException stopping) {
      return false; // the job still runs: it releases what the connection holds
    }
  }

  private static void runHere(Runnable job) {
    try {
      job.run();
    } catch (Throwable t) {
      LOG.warn("Job failed", t); // as the pool itself reports a job's failure
    }
  }

  /**
   * The request's callback. Completed on the thread that runs the request, while it runs, it keeps
   * what the completion hands to the pool; completed anywhere else (a write that finished later on
   * an I/O thread), it completes as usual.
   */
  private static final class Keeping extends Callback.Nested {
    private final Thread runner = Thread.currentThread();
    private final ArrayDeque<Runnable> kept = new ArrayDeque<>(2);
    private boolean running = true; // only the runner reads it: the thread is checked first

    Keeping(Callback callback) {
      super(callback);
    }

    void done() {
      running = false;
    }

    @Override
    public void succeeded() {
      if (!keeps()) {
        super.succeeded();
        return;
      }
      KEPT.set(kept);
      try {
        super.succeeded();
      } finally {
        KEPT.set(null);
      }
    }

    @Override
    public void failed(Throwable failure) {
      if (!keeps()) {
        super.failed(failure);
        return;
      }
      KEPT.set(kept);
      try {
        super.failed(failure);
      } finally {
        KEPT.set(null);
      }
    }

    private boolean keeps() {
      return Thread.currentThread() == runner && running;
    }
  }
}
