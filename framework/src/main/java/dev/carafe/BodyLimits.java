package dev.carafe;

import io.javalin.config.SizeUnit;
import io.javalin.http.HttpResponseException;
import org.eclipse.jetty.http.HttpException;

/**
 * Holds request bodies to {@code max_content_length}: a declared length over it is a 413 before
 * anything reads the body, as in Werkzeug; multipart and streamed bodies meet the same limit while
 * they are read.
 */
final class BodyLimits {
  /** Form fields and small files stay in memory; larger uploads spill to a temporary file. */
  private static final int IN_MEMORY_PART_BYTES = 64 * 1024;

  private BodyLimits() {}

  /**
   * The abort a body-reading failure stands for: Javalin and Jetty report an oversized, malformed
   * or too slow body with their own exceptions, which would otherwise become a 500.
   */
  static Throwable asAbort(Throwable failure) {
    if (failure instanceof HttpResponseException h && h.getStatus() >= 400) {
      return new HttpAbort(h.getStatus(), h.getMessage());
    }
    boolean tooLarge = false;
    HttpException bad = null;
    for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
      if (t instanceof HttpException b) {
        bad = b; // the innermost: Jetty wraps a cut body's 408 in a 400 "bad multipart"
      }
      // Jetty's multipart parser words a body over maxTotalRequestSize this way.
      tooLarge |= t.getMessage() != null && t.getMessage().startsWith("max length exceeded");
    }
    if (tooLarge) {
      return new HttpAbort(413, "The request body is larger than the limit.");
    }
    if (bad != null && bad.getCode() >= 400 && bad.getCode() <= 499) {
      return new HttpAbort(
          bad.getCode(),
          bad.getCode() == 400
              ? "The request body is malformed: " + bad.getReason()
              : bad.getReason());
    }
    return failure;
  }

  static void install(Carafe app) {
    long max = app.config().getLong("max_content_length");
    app.configureJavalin(
        javalin -> {
          javalin.jetty.multipartConfig.maxTotalRequestSize(max, SizeUnit.BYTES);
          javalin.jetty.multipartConfig.maxInMemoryFileSize(IN_MEMORY_PART_BYTES, SizeUnit.BYTES);
        });
    app.beforeRequest(
        request -> {
          long declared = request.ctx().req().getContentLengthLong();
          if (declared > max) {
            throw new HttpAbort(
                413, "The request body is larger than the limit of " + max + " bytes.");
          }
          return null;
        });
  }
}
