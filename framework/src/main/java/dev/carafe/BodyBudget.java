package dev.carafe;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The memory one app lets request bodies hold at once ({@code body_memory_budget}): a JSON body or
 * a form is charged before it is read, and given back when its request ends. A body that does not
 * fit is refused with 503 and {@code Retry-After}, so however many large bodies arrive together,
 * they cannot exhaust the heap; the limits of a single body stay those of {@link BodyLimits}.
 */
final class BodyBudget {
  private static final Logger LOG = LoggerFactory.getLogger(BodyBudget.class);

  private final long limit;
  private final AtomicLong used = new AtomicLong();

  BodyBudget(long limit) {
    if (limit < 1) {
      throw new IllegalArgumentException(
          "body_memory_budget must be a positive number of bytes, got " + limit + ".");
    }
    this.limit = limit;
  }

  /** Reserves {@code bytes}, or refuses the request with 503 when the budget has no room. */
  void charge(long bytes) {
    if (bytes > limit) {
      throw new HttpAbort(
          413,
          "The request body is larger than the "
              + limit
              + " bytes this server holds in memory for all requests (body_memory_budget).");
    }
    long now;
    do {
      now = used.get();
      if (now + bytes > limit) {
        LOG.warn(
            "Refusing a request body of {} bytes: {} of the {} bytes of body_memory_budget are in"
                + " use",
            bytes,
            now,
            limit);
        throw new HttpAbort(
            503,
            "The server is holding too many request bodies; try again in a moment.",
            Map.of("Retry-After", "1", "Connection", "close")); // the body stays unread
      }
    } while (!used.compareAndSet(now, now + bytes));
  }

  void release(long bytes) {
    used.addAndGet(-bytes);
  }

  /** Bytes reserved now. */
  long used() {
    return used.get();
  }
}
