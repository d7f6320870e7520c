package dev.carafe;

import io.javalin.config.SizeUnit;

/**
 * Holds request bodies to {@code max_content_length}: a declared length over it is a 413 before
 * anything reads the body, as in Werkzeug; multipart and streamed bodies meet the same limit while
 * they are read.
 */
final class BodyLimits {
  /** Form fields and small files stay in memory; larger uploads spill to a temporary file. */
  private static final int IN_MEMORY_PART_BYTES = 64 * 1024;

  private BodyLimits() {}

  static void install(Carafe app) {
    long max = app.config().getLong("max_content_length", 16L * 1024 * 1024);
    app.configureServer(
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
