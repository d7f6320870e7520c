package dev.carafe;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Ends a request with an HTTP error status, from anywhere in the request; thrown by {@link
 * Carafe#abort(int)}. Error handlers registered for the status or for this type receive it.
 */
public class HttpAbort extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final transient Map<String, String> headers;

  public HttpAbort(int status, String message) {
    this(status, message, Map.of());
  }

  public HttpAbort(int status, String message, Map<String, String> headers) {
    this(status, message, headers, null);
  }

  /** An error status caused by another exception, e.g. the 500 for an unhandled one. */
  public HttpAbort(int status, String message, Map<String, String> headers, Throwable cause) {
    // No stack trace: aborts are control flow, and filling one in costs more than the request.
    super(message, cause, false, false);
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("abort() takes an error status (400-599), got " + status);
    }
    this.status = status;
    this.headers = Map.copyOf(new LinkedHashMap<>(headers));
  }

  /** The reason phrase of a status, such as {@code Not Found} for 404; {@code Error} if unknown. */
  public static String reason(int status) {
    return ErrorPages.reason(status);
  }

  public int status() {
    return status;
  }

  /** Headers the error response must carry, such as {@code Allow} on a 405. */
  public Map<String, String> headers() {
    return headers;
  }
}
