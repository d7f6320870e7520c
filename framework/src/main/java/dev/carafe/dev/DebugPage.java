package dev.carafe.dev;

import io.javalin.http.Context;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The page an unhandled exception shows in development: the exception, the app's code where it
 * happened, the traceback and the request. JSON clients get the same as problem details. It takes
 * the place of whatever the failed response had written, unless that had begun to reach the client:
 * then the connection is closed, so the client sees the response cut short rather than complete.
 */
final class DebugPage {
  private static final Logger LOG = LoggerFactory.getLogger(DevServer.class);

  private DebugPage() {}

  /** Answers {@code ctx} with the debug page of {@code error}. */
  static void render(Exception error, Context ctx, AppClassLoader loader, Path root, Path sources) {
    if (StreamedResponse.abandonIfStarted(ctx.res(), error)) {
      LOG.warn(
          "{} {} failed after its response had begun to go out ({}); no debug page can replace it,"
              + " so the connection is closed.",
          ctx.method().name(),
          ctx.path(),
          error.toString());
      return;
    }
    ExceptionReport report = ExceptionReport.of(error, loader::owns, root, sources);
    ctx.status(500);
    ctx.header("Cache-Control", "no-store");
    if (DevPages.wantsJson(ctx.header("Accept"))) {
      Map<String, Object> problem = new LinkedHashMap<>();
      problem.put("type", "about:blank");
      problem.put("title", "Internal Server Error");
      problem.put("status", 500);
      problem.put(
          "detail", report.type() + (report.message().isEmpty() ? "" : ": " + report.message()));
      problem.put("trace", List.of(report.text().split("\n")));
      ctx.json(problem);
      ctx.contentType("application/problem+json");
      return;
    }
    DevPages.RequestView request = DevPages.RequestView.of(ctx);
    ctx.html(
        DevPages.exception(
            report, request.method() + " " + request.url() + " raised an exception.", request, ""));
  }
}
