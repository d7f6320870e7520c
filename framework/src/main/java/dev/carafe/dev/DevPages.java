package dev.carafe.dev;

import io.javalin.http.Context;
import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.loader.ClasspathLoader;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The dev server's own pages: compile errors, and the debug page of an exception. Templates are
 * Pebble (auto-escaped) and only ever see plain strings, never the app's objects.
 */
final class DevPages {
  /** Header values that are credentials: shown as a mask even on a local debug page. */
  private static final Set<String> MASKED_HEADERS =
      Set.of("authorization", "proxy-authorization", "cookie");

  private static final PebbleEngine ENGINE = engine();

  private DevPages() {}

  /** A name and a value, for the request tables. */
  record Pair(String name, String value) {}

  /** What the debug page shows of the request. */
  record RequestView(String method, String url, List<Pair> query, List<Pair> headers) {
    static RequestView of(Context ctx) {
      List<Pair> query = new ArrayList<>();
      ctx.queryParamMap().forEach((k, values) -> values.forEach(v -> query.add(new Pair(k, v))));
      List<Pair> headers = new ArrayList<>();
      ctx.headerMap()
          .forEach(
              (k, v) ->
                  headers.add(
                      new Pair(
                          k,
                          MASKED_HEADERS.contains(k.toLowerCase(Locale.ROOT))
                              ? "****** (hidden)"
                              : v)));
      String queryString = ctx.queryString();
      return new RequestView(
          ctx.method().name(),
          ctx.path() + (queryString == null ? "" : "?" + queryString),
          query,
          headers);
    }
  }

  static String compileErrors(List<CompileProblem> problems, String script) {
    return render("compile", Map.of("problems", problems, "script", script));
  }

  /** The debug page of an exception; {@code request} is null when no request was involved. */
  static String exception(
      ExceptionReport report, String heading, RequestView request, String script) {
    Map<String, Object> model = new HashMap<>();
    model.put("report", report);
    model.put("heading", heading);
    model.put("request", request);
    model.put("script", script);
    return render("exception", model);
  }

  /** True when the Accept header asks for JSON rather than HTML. */
  static boolean wantsJson(String accept) {
    if (accept == null) {
      return false;
    }
    String a = accept.toLowerCase(Locale.ROOT);
    return (a.contains("application/json") || a.contains("+json")) && !a.contains("text/html");
  }

  private static String render(String template, Map<String, Object> model) {
    StringWriter out = new StringWriter();
    try {
      ENGINE.getTemplate(template).evaluate(out, model);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static PebbleEngine engine() {
    ClasspathLoader loader = new ClasspathLoader(DevPages.class.getClassLoader());
    loader.setPrefix("dev/carafe/dev");
    loader.setSuffix(".peb");
    return new PebbleEngine.Builder().loader(loader).autoEscaping(true).build();
  }
}
