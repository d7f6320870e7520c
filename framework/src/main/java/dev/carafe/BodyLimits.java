package dev.carafe;

import io.javalin.config.SizeUnit;
import io.javalin.http.HttpResponseException;
import jakarta.servlet.MultipartConfigElement;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.http.HttpException;

/**
 * Holds request bodies to their limits: {@code max_content_length} for any body (a declared length
 * over it is a 413 before anything reads the body, as in Werkzeug), {@code max_form_memory_size}
 * for the fields of a form, {@code max_form_parts} for its parts, and {@link BodyBudget} for all
 * bodies in memory at once. Multipart parts larger than {@link #IN_MEMORY_PART_BYTES} are spooled
 * to {@code upload_temp_folder}, so an upload never sits in memory.
 */
final class BodyLimits {
  /**
   * Parts up to this size (a token, a title) stay in memory; larger ones go to a temporary file.
   * Small enough that a form of {@code max_form_parts} such parts holds a few MiB at most.
   */
  static final int IN_MEMORY_PART_BYTES = 4 * 1024;

  /** Javalin's and Jetty's request attribute for multipart settings. */
  static final String MULTIPART_CONFIG = "org.eclipse.jetty.multipartConfig";

  final long maxContentLength;
  final long maxFormMemorySize;
  final int maxFormParts;
  final BodyBudget budget;
  private final MultipartConfigElement multipart;

  private BodyLimits(Config config) {
    maxContentLength = config.getLong("max_content_length");
    maxFormMemorySize = config.getLong("max_form_memory_size");
    maxFormParts = config.getInt("max_form_parts");
    budget = new BodyBudget(config.getLong("body_memory_budget"));
    String folder = config.require("upload_temp_folder");
    multipart =
        new MultipartConfigElement(
            folder.isBlank() ? System.getProperty("java.io.tmpdir") : folder,
            -1,
            maxContentLength,
            IN_MEMORY_PART_BYTES);
  }

  /**
   * Sets the form limits where Jetty's multipart parser takes them from: the servlet context. It
   * holds a multipart body's fields to {@code max_form_memory_size} in all, as Carafe does.
   */
  void applyTo(ServletContextHandler context) {
    context.setMaxFormKeys(maxFormParts);
    context.setMaxFormContentSize((int) Math.min(Integer.MAX_VALUE, maxFormMemorySize));
  }

  /** The multipart settings, for whoever parses the parts first (the dev server reads early). */
  MultipartConfigElement multipart() {
    return multipart;
  }

  /**
   * The most memory parsing a multipart body of {@code declared} bytes (-1: unknown) can hold:
   * every part small enough to stay in memory.
   */
  long multipartMemory(long declared) {
    long most = (long) maxFormParts * IN_MEMORY_PART_BYTES;
    return Math.min(declared >= 0 ? declared : maxContentLength, most);
  }

  /**
   * The abort a body-reading failure stands for: Javalin and Jetty report an oversized, malformed
   * or too slow body with their own exceptions, which would otherwise become a 500.
   */
  static Throwable asAbort(Throwable failure) {
    if (failure instanceof HttpResponseException h && h.getStatus() >= 400) {
      return new HttpAbort(h.getStatus(), h.getMessage());
    }
    boolean tooLarge = false;
    boolean fieldsTooLarge = false;
    boolean tooManyParts = false;
    HttpException bad = null;
    for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
      if (t instanceof HttpException b) {
        bad = b; // the innermost: Jetty wraps a cut body's 408 in a 400 "bad multipart"
      }
      // Jetty's multipart parser words its limits this way.
      String message = t.getMessage() == null ? "" : t.getMessage();
      tooLarge |= message.startsWith("max length exceeded");
      fieldsTooLarge |= message.startsWith("Form is larger than max length");
      tooManyParts |= message.startsWith("Form with too many keys");
    }
    if (tooLarge) {
      return new HttpAbort(413, "The request body is larger than the limit.");
    }
    if (fieldsTooLarge) {
      return new HttpAbort(413, RequestBody.FIELDS_TOO_LARGE);
    }
    if (tooManyParts) {
      return new HttpAbort(413, "The form has more parts than the limit (max_form_parts).");
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

  static BodyLimits install(Carafe app) {
    BodyLimits limits = new BodyLimits(app.config());
    app.configureJavalin(
        javalin -> {
          // The same settings for what reaches Javalin's own multipart support directly.
          javalin.jetty.multipartConfig.cacheDirectory(limits.multipart.getLocation());
          javalin.jetty.multipartConfig.maxTotalRequestSize(
              limits.maxContentLength, SizeUnit.BYTES);
          javalin.jetty.multipartConfig.maxInMemoryFileSize(IN_MEMORY_PART_BYTES, SizeUnit.BYTES);
          // Jetty's multipart parser takes its part limit from here.
          javalin.jetty.modifyServletContextHandler(limits::applyTo);
        });
    app.beforeRequest(
        request -> {
          long declared = request.ctx().req().getContentLengthLong();
          if (declared > limits.maxContentLength) {
            throw new HttpAbort(
                413,
                "The request body is larger than the limit of "
                    + limits.maxContentLength
                    + " bytes.");
          }
          return null;
        });
    return limits;
  }
}
