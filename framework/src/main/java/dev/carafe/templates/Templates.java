package dev.carafe.templates;

import dev.carafe.Carafe;
import dev.carafe.Config;
import dev.carafe.Request;
import dev.carafe.session.Session;
import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.extension.Extension;
import io.pebbletemplates.pebble.loader.FileLoader;
import io.pebbletemplates.pebble.loader.Loader;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An app's templates: Pebble (Jinja-like: {@code {% extends %}}, {@code {% block %}}, {@code {%
 * include %}}, HTML autoescaping) from {@code templates/}. Every template sees {@code request},
 * {@code session}, {@code g}, {@code url_for()}, {@code csrf_token()} and {@code
 * get_flashed_messages()}, plus what context processors add.
 *
 * <p>Read from the class path and cached in production; read from {@code resource_root} on disk and
 * re-read on every render in development, so an edit shows on the next reload.
 *
 * <pre>{@code
 * app.get("/", req -> req.render("index.html", Map.of("posts", posts)));
 * }</pre>
 */
public final class Templates {
  private final Carafe app;
  private final List<ContextProcessor> processors = new ArrayList<>();
  private final Map<String, TemplateFilter> filters = new LinkedHashMap<>();
  private final Map<String, Object> globals = new LinkedHashMap<>();
  private final List<Extension> extensions = new ArrayList<>();
  private volatile PebbleEngine engine;

  private Templates(Carafe app) {
    this.app = app;
  }

  /** The templates of an app. */
  public static Templates of(Carafe app) {
    return app.extension(Templates.class, Templates::new);
  }

  /** Renders a template for the request being served; see {@link #render(Request, String, Map)}. */
  public static String render(String template, Map<String, ?> model) {
    Request request = Carafe.request();
    return of(request.app()).render(request, template, model);
  }

  /** Adds values to every template's context, computed per request. */
  public synchronized Templates contextProcessor(ContextProcessor processor) {
    checkNotBuilt("add a context processor");
    processors.add(processor);
    return this;
  }

  /** Adds a filter: {@code {{ post.created | ago }}}. */
  public synchronized Templates filter(String name, TemplateFilter filter) {
    checkNotBuilt("add filter '" + name + "'");
    filters.put(name, filter);
    return this;
  }

  /** Adds a value every template sees, such as the site's name. */
  public synchronized Templates global(String name, Object value) {
    checkNotBuilt("add global '" + name + "'");
    globals.put(name, value);
    return this;
  }

  /** Adds a Pebble extension (tags, tests, operators) for what filters and globals cannot do. */
  public synchronized Templates extension(Extension extension) {
    checkNotBuilt("add a Pebble extension");
    extensions.add(extension);
    return this;
  }

  /**
   * Renders {@code template} (a path under {@code templates/}, such as {@code blog/index.html})
   * with the model on top of the standard context; returns the text.
   */
  public String render(Request request, String template, Map<String, ?> model) {
    Map<String, Object> context = new HashMap<>();
    context.put("request", request);
    context.put("session", new SessionView(request));
    context.put("g", request.g());
    for (ContextProcessor processor : processors) {
      try {
        context.putAll(processor.values(request));
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException("A template context processor failed: " + e, e);
      }
    }
    context.putAll(model);
    StringWriter out = new StringWriter(4096);
    try {
      engine().getTemplate(template).evaluate(out, context);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
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
    Config config = app.config();
    Optional<String> root = config.get("resource_root").filter(r -> !r.isBlank());
    String folder = config.get("template_folder", "templates");
    Loader<?> loader =
        root.isPresent()
            ? new FileLoader(Path.of(root.get()).resolve(folder).toAbsolutePath().toString())
            : new ClasspathTemplates(folder);
    // Development re-reads every template on every render: edits show with no restart.
    boolean cache = root.isEmpty() && app.isProduction();
    PebbleEngine.Builder builder =
        new PebbleEngine.Builder()
            .loader(loader)
            .autoEscaping(true)
            .newLineTrimming(false) // as Jinja: a newline after {{ }} or {% %} stays
            .cacheActive(cache)
            .extension(new CarafeFunctions(app, filters, globals));
    extensions.forEach(builder::extension);
    return builder.build();
  }

  private void checkNotBuilt(String what) {
    if (engine != null) {
      throw new IllegalStateException(
          "Cannot "
              + what
              + ": templates have already been rendered. Set templates up in the app's create()"
              + " factory.");
    }
  }

  /** {@code session} in templates: the session, decoded only if the template reads it. */
  private static final class SessionView extends AbstractMap<String, Object> {
    private final Request request;

    SessionView(Request request) {
      this.request = request;
    }

    @Override
    public Object get(Object key) {
      return key instanceof String k ? Session.of(request).get(k).orElse(null) : null;
    }

    @Override
    public boolean containsKey(Object key) {
      return key instanceof String k && Session.of(request).contains(k);
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
      return Session.of(request).asMap().entrySet();
    }
  }
}
