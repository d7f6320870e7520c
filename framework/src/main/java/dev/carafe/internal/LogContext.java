package dev.carafe.internal;

import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.MDC;

/**
 * A request's id in the logging context (SLF4J's MDC, under {@value #REQUEST_ID}). The production
 * worker and the development server put it there on the thread that runs the app, for the whole of
 * the request, hooks included, so every line logged while serving it carries the id.
 */
public final class LogContext {
  /** The MDC key of the request id, and its name in the JSON logs and the access log. */
  public static final String REQUEST_ID = "request_id";

  private LogContext() {}

  /** A new random id: 32 hexadecimal digits. */
  public static String newRequestId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return Long.toHexString(random.nextLong() | Long.MIN_VALUE)
        + Long.toHexString(random.nextLong() | Long.MIN_VALUE);
  }

  /** Puts {@code id} in this thread's logging context until {@link #leave()}. */
  public static void enter(String id) {
    MDC.put(REQUEST_ID, id);
  }

  /** Takes the request id out of this thread's logging context. */
  public static void leave() {
    MDC.remove(REQUEST_ID);
  }
}
