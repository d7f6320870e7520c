package dev.carafe.templates;

import dev.carafe.Carafe;
import dev.carafe.Flash;
import dev.carafe.Request;
import dev.carafe.TemplateFilter;
import io.pebbletemplates.pebble.error.PebbleException;
import io.pebbletemplates.pebble.extension.AbstractExtension;
import io.pebbletemplates.pebble.extension.Filter;
import io.pebbletemplates.pebble.extension.Function;
import io.pebbletemplates.pebble.template.EvaluationContext;
import io.pebbletemplates.pebble.template.PebbleTemplate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Flask's template helpers for Pebble: {@code url_for}, {@code csrf_token}, {@code
 * get_flashed_messages}, plus the app's own filters and globals.
 */
final class CarafeFunctions extends AbstractExtension {
  private final Carafe app;
  private final Map<String, TemplateFilter> filters;
  private final Map<String, Object> globals;

  CarafeFunctions(Carafe app, Map<String, TemplateFilter> filters, Map<String, Object> globals) {
    this.app = app;
    this.filters = Map.copyOf(filters);
    this.globals = Map.copyOf(globals);
  }

  @Override
  public Map<String, Function> getFunctions() {
    return Map.of(
        "url_for", new UrlFor(),
        "csrf_token", new CsrfToken(),
        "get_flashed_messages", new FlashedMessages());
  }

  @Override
  public Map<String, Filter> getFilters() {
    Map<String, Filter> adapted = new LinkedHashMap<>();
    filters.forEach((name, filter) -> adapted.put(name, new Adapted(name, filter)));
    return adapted;
  }

  @Override
  public Map<String, Object> getGlobalVariables() {
    return globals;
  }

  /** The request a template renders for; Carafe puts it in every context as {@code request}. */
  private static Request request(EvaluationContext context) {
    return context.getVariable("request") instanceof Request r ? r : Carafe.request();
  }

  /** Positional arguments arrive keyed "0", "1"... when a function declares no names. */
  private static List<Object> positional(Map<String, Object> args) {
    List<Object> values = new ArrayList<>();
    for (int i = 0; args.containsKey(String.valueOf(i)); i++) {
      values.add(args.get(String.valueOf(i)));
    }
    return values;
  }

  /** {@code url_for('blog.show', id=post.id)}; extra names become the query string. */
  private final class UrlFor implements Function {
    @Override
    public List<String> getArgumentNames() {
      return null; // any keyword: they are the rule's values
    }

    @Override
    public Object execute(
        Map<String, Object> args, PebbleTemplate self, EvaluationContext context, int line) {
      Object endpoint = args.get("0");
      if (!(endpoint instanceof String name) || args.containsKey("1")) {
        throw new PebbleException(
            null,
            "url_for takes one endpoint name and keyword values, e.g."
                + " url_for('blog.show', id=post.id)",
            line,
            self.getName());
      }
      Map<String, Object> values = new LinkedHashMap<>(args);
      values.remove("0");
      Object request = context.getVariable("request");
      return request instanceof Request r ? r.urlFor(name, values) : app.urlFor(name, values);
    }
  }

  /** {@code <input type="hidden" name="csrf_token" value="{{ csrf_token() }}">}. */
  private static final class CsrfToken implements Function {
    @Override
    public List<String> getArgumentNames() {
      return List.of();
    }

    @Override
    public Object execute(
        Map<String, Object> args, PebbleTemplate self, EvaluationContext context, int line) {
      return request(context).csrfToken();
    }
  }

  /**
   * Flask's {@code get_flashed_messages(with_categories=false, category_filter=[])}: the messages,
   * or with categories {@link Flash} items, read as {@code m.category} and {@code m.message} since
   * Pebble's {@code for} cannot unpack a pair. The filter is a list of categories, or one.
   */
  private static final class FlashedMessages implements Function {
    @Override
    public List<String> getArgumentNames() {
      return List.of("with_categories", "category_filter");
    }

    @Override
    public Object execute(
        Map<String, Object> args, PebbleTemplate self, EvaluationContext context, int line) {
      boolean withCategories = Boolean.TRUE.equals(args.get("with_categories"));
      Object filter = args.get("category_filter");
      List<String> categories = new ArrayList<>();
      if (filter instanceof Collection<?> listed) {
        listed.forEach(c -> categories.add(String.valueOf(c)));
      } else if (filter != null) {
        categories.add(String.valueOf(filter));
      }
      List<Flash> flashes = request(context).session().flashes(categories.toArray(String[]::new));
      return withCategories ? flashes : flashes.stream().map(Flash::message).toList();
    }
  }

  private static final class Adapted implements Filter {
    private final String name;
    private final TemplateFilter filter;

    Adapted(String name, TemplateFilter filter) {
      this.name = name;
      this.filter = filter;
    }

    @Override
    public List<String> getArgumentNames() {
      return null;
    }

    @Override
    public Object apply(
        Object input,
        Map<String, Object> args,
        PebbleTemplate self,
        EvaluationContext context,
        int line) {
      try {
        return filter.apply(input, positional(args));
      } catch (PebbleException e) {
        throw e;
      } catch (Exception e) {
        throw new PebbleException(e, "Filter '" + name + "' failed: " + e, line, self.getName());
      }
    }
  }
}
