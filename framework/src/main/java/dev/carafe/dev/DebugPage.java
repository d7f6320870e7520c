package dev.carafe.dev;

import io.javalin.http.Context;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The page an unhandled exception shows in development: the exception, the app's code where it
 * happened, the traceback and the request. JSON clients get the same as problem details.
 */
final class DebugPage {
  private DebugPage() {}

  /** Answers {@code ctx} with the debug page of {@code error}. */
  static void render(Exception error, Context ctx, AppClassLoader loader, Path root, Path sources) {
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
