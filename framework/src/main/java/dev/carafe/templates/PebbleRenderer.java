package dev.carafe.templates;

import dev.carafe.Carafe;
import dev.carafe.TemplateRenderer;
import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.template.PebbleTemplate;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An app's templates: Pebble (Jinja-like: {@code {% extends %}}, {@code {% block %}}, {@code {%
 * include %}}, HTML autoescaping) from {@code templates/} and the blueprints' template folders,
 * with Flask's helpers ({@code url_for()}, {@code csrf_token()}, {@code get_flashed_messages()})
 * and the app's filters and globals.
 *
 * <p>Read from the class path and cached in production; read from {@code resource_root} on disk and
 * re-read on every render in development, so an edit shows on the next reload. The engine is built
 * on the first render, when the app's setup is over (its blueprints and their folders known).
 */
final class PebbleRenderer implements TemplateRenderer {
  private final Carafe app;
  private final Map<String, Integer> lastLengths = new ConcurrentHashMap<>();
  private volatile PebbleEngine engine;

  PebbleRenderer(Carafe app) {
    this.app = app;
  }

  @Override
  public String render(String template, Map<String, Object> context) throws IOException {
    PebbleTemplate compiled = engine().getTemplate(template);
    // Room for what the template wrote last time: a page of posts outgrew a fixed start twice.
    int expected = lastLengths.getOrDefault(template, 4096);
    TemplateOutput out = new TemplateOutput(expected);
    compiled.evaluate(out, context);
    if (out.length() != expected) {
      lastLengths.put(template, out.length());
    }
    return out.toString();
  }

  private PebbleEngine engine() {
    PebbleEngine current = engine;
    if (current == null) {
      synchronized (this) {
        current = engine;
        if (current == null) {
          current = build();
          engine = current;
        }
      }
    }
    return current;
  }

  private PebbleEngine build() {
    Optional<Path> root = app.config().get("resource_root").filter(r -> !r.isBlank()).map(Path::of);
    // Development re-reads every template on every render: edits show with no restart.
    boolean cache = root.isEmpty() && app.isProduction();
    return new PebbleEngine.Builder()
        .loader(new TemplateFolders(app.templateFolders(), root))
        .autoEscaping(true)
        .newLineTrimming(false) // as Jinja: a newline after {{ }} or {% %} stays
        .cacheActive(cache)
        .extension(new CarafeFunctions(app, app.templateFilters(), app.templateGlobals()))
        .build();
  }
}
