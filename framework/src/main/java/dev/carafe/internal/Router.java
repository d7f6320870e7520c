package dev.carafe.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Werkzeug's URL map without I/O: finds the route for a method and a decoded path, or says why
 * there is none (404, 405 with the allowed methods, an OPTIONS answer) or where the request belongs
 * instead (a 308 to the slash-terminated rule, to the path with its empty segments merged, or to
 * the canonical rule of an endpoint whose defaults give the same values). Routes are added before
 * serving and never change afterwards, so matching takes no lock.
 *
 * @param <T> what a route carries (the app's view and its metadata)
 */
public final class Router<T> {

  /** One registered route. */
  public record Entry<T>(Rule rule, Set<String> methods, String endpoint, T target) {}

  /** The outcome of matching one request. */
  public sealed interface Match<T> {}

  public record Found<T>(Entry<T> entry, Map<String, Object> values) implements Match<T> {}

  public record NotFound<T>() implements Match<T> {}

  public record MethodNotAllowed<T>(Set<String> allowed) implements Match<T> {}

  public record Options<T>(Set<String> allowed) implements Match<T> {}

  /** A permanent redirect (308, which keeps method and body) to this encoded path. */
  public record Redirect<T>(String path) implements Match<T> {}

  /** Werkzeug's build order of an endpoint's rules: more arguments first, then more defaults. */
  private static final Comparator<Entry<?>> BUILD_ORDER =
      Comparator.<Entry<?>>comparingInt(e -> -e.rule().arguments().size())
          .thenComparingInt(e -> -e.rule().defaults().size());

  private final Map<String, List<Entry<T>>> staticRoutes = new HashMap<>();

  /** Static rules that end with '/', by their path less that slash. */
  private final Map<String, List<Entry<T>>> slashStatics = new HashMap<>();

  private final List<Entry<T>> dynamicRoutes = new ArrayList<>();
  private final List<Entry<T>> all = new ArrayList<>();
  private final Map<String, List<Entry<T>>> endpoints = new HashMap<>();

  /** What one search of the routes found besides a match. */
  private static final class Search {
    Set<String> allowed;

    /** A rule matched and served the method, but its converter refused the value: a 404. */
    boolean refused;

    void allow(Set<String> methods) {
      if (allowed == null) {
        allowed = new LinkedHashSet<>();
      }
      allowed.addAll(methods);
      if (methods.contains("GET")) {
        allowed.add("HEAD");
      }
    }
  }

  /** Adds a route; methods are upper-case HTTP method names. */
  public void add(Rule rule, Set<String> methods, String endpoint, T target) {
    Entry<T> entry = new Entry<>(rule, Set.copyOf(methods), endpoint, target);
    all.add(entry);
    endpoints.computeIfAbsent(endpoint, k -> new ArrayList<>()).add(entry);
    if (rule.staticPath() != null) {
      staticRoutes.computeIfAbsent(rule.staticPath(), k -> new ArrayList<>()).add(entry);
      if (rule.endsWithSlash()) {
        String slashless = rule.staticPath().substring(0, rule.staticPath().length() - 1);
        slashStatics.computeIfAbsent(slashless, k -> new ArrayList<>()).add(entry);
      }
    } else {
      dynamicRoutes.add(entry);
      // Stable sort: equally specific rules keep registration order.
      dynamicRoutes.sort((a, b) -> a.rule().compareTo(b.rule()));
    }
  }

  /** Every route in registration order. */
  public List<Entry<T>> entries() {
    return Collections.unmodifiableList(all);
  }

  /** The routes of an endpoint in the order {@code url_for} tries them; empty when unknown. */
  public List<Entry<T>> endpoint(String name) {
    List<Entry<T>> rules = endpoints.getOrDefault(name, List.of());
    if (rules.size() < 2) {
      return rules;
    }
    List<Entry<T>> ordered = new ArrayList<>(rules);
    ordered.sort(BUILD_ORDER);
    return ordered;
  }

  /** Matches a request; HEAD is served by GET routes, OPTIONS is answered for any known path. */
  public Match<T> match(String method, String path) {
    // Werkzeug reads the path after its leading slashes, so "//a" is "/a".
    String trimmed = path.startsWith("//") ? "/" + path.replaceFirst("^/+", "") : path;
    Search search = new Search();
    Match<T> match = find(method, trimmed, search);
    if (match == null && !search.refused && trimmed.contains("//")) {
      String merged = trimmed.replaceAll("/{2,}", "/");
      Match<T> mergedMatch = find(method, merged, search);
      if (mergedMatch instanceof Redirect<T> toSlash) {
        return toSlash;
      }
      if (mergedMatch != null || search.refused) {
        return new Redirect<>(Rule.encodePath(merged));
      }
    }
    if (match instanceof Found<T> found) {
      Redirect<T> canonical = canonical(found, method);
      return canonical != null ? canonical : found;
    }
    if (match != null) {
      return match;
    }
    if (search.allowed != null) {
      search.allowed.add("OPTIONS");
      Set<String> sorted = Collections.unmodifiableSet(new TreeSet<>(search.allowed));
      return "OPTIONS".equals(method) ? new Options<>(sorted) : new MethodNotAllowed<>(sorted);
    }
    return new NotFound<>();
  }

  /**
   * Werkzeug's search for one path: the first rule in priority order that matches it (or matches it
   * with the trailing slash toggled) and serves the method. Null when none does; {@code search}
   * says which methods other rules serve there, and whether a converter refused a value.
   */
  private Match<T> find(String method, String path, Search search) {
    boolean slash = path.endsWith("/") && path.length() > 1;
    Match<T> match = first(staticRoutes.get(path), method, path, slash, search);
    if (match == null && !search.refused) {
      // The same path with its trailing slash toggled: rules "/x/" for "/x", and "/x" for "/x/".
      List<Entry<T>> toggled =
          slash ? staticRoutes.get(path.substring(0, path.length() - 1)) : slashStatics.get(path);
      match = first(toggled, method, path, slash, search);
    }
    return match == null && !search.refused
        ? first(dynamicRoutes, method, path, slash, search)
        : match;
  }

  private Match<T> first(
      List<Entry<T>> entries, String method, String path, boolean slash, Search search) {
    if (entries == null) {
      return null;
    }
    for (Entry<T> entry : entries) {
      Match<T> match = check(entry, method, path, slash, search);
      if (match != null || search.refused) {
        return match;
      }
    }
    return null;
  }

  private Match<T> check(Entry<T> entry, String method, String path, boolean slash, Search search) {
    Rule rule = entry.rule();
    List<String> texts = rule.texts(path);
    if (texts == null && !slash) {
      // A rule "/x/" asked for as "/x": with strict slashes a redirect for the methods it serves.
      texts = rule.textsWithoutSlash(path);
      if (texts == null) {
        return null;
      }
      if (rule.strictSlashes() && (serves(entry, method) || "OPTIONS".equals(method))) {
        return new Redirect<>(Rule.encodePath(path + "/"));
      }
      if (!rule.strictSlashes() && "OPTIONS".equals(method)) {
        search.allow(entry.methods());
      }
      if (rule.strictSlashes() || !serves(entry, method)) {
        return null;
      }
    } else if (texts == null && !rule.endsWithSlash() && !rule.strictSlashes()) {
      // A rule "/x" asked for as "/x/" serves it when its slashes are not strict.
      texts = rule.texts(path.substring(0, path.length() - 1));
    }
    if (texts == null) {
      return null;
    }
    if (!serves(entry, method)) {
      search.allow(entry.methods());
      return null;
    }
    Map<String, Object> values = rule.convert(texts);
    if (values == null) {
      search.refused = true;
      return null;
    }
    return new Found<>(entry, values);
  }

  private static boolean serves(Entry<?> entry, String method) {
    return entry.methods().contains(method)
        || ("HEAD".equals(method) && entry.methods().contains("GET"));
  }

  /**
   * Werkzeug's {@code redirect_defaults}: when an earlier rule of the same endpoint gives the same
   * values through its defaults ({@code /users/} with {@code page=1} for {@code
   * /users/page/<int:page>} asked for as {@code /users/page/1}), its URL is the canonical one.
   */
  private Redirect<T> canonical(Found<T> found, String method) {
    Entry<T> matched = found.entry();
    List<Entry<T>> rules = endpoints.get(matched.endpoint());
    if (rules.size() < 2) {
      return null;
    }
    for (Entry<T> entry : endpoint(matched.endpoint())) {
      if (entry == matched) {
        return null;
      }
      Rule rule = entry.rule();
      if (!rule.defaults().isEmpty()
          && rule.arguments().equals(matched.rule().arguments())
          && (serves(entry, method) || "OPTIONS".equals(method))
          && rule.suitableFor(found.values())) {
        Map<String, Object> values = new LinkedHashMap<>(found.values());
        values.putAll(rule.defaults());
        return new Redirect<>(rule.build(values));
      }
    }
    return null;
  }
}
