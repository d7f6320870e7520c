package dev.carafe.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Flask's URL map without I/O: finds the route for a method and a decoded path, or says why there
 * is none (404, 405 with the allowed methods, a 308 to the slash-terminated rule, an OPTIONS
 * answer). Routes are added before serving and never change afterwards, so matching takes no lock.
 *
 * @param <T> what a route carries (the app's view and its metadata)
 */
public final class Router<T> {

  /** One registered route. */
  public record Entry<T>(Rule rule, Set<String> methods, T target) {}

  /** The outcome of matching one request. */
  public sealed interface Match<T> {}

  public record Found<T>(Entry<T> entry, Map<String, Object> values) implements Match<T> {}

  public record NotFound<T>() implements Match<T> {}

  public record MethodNotAllowed<T>(Set<String> allowed) implements Match<T> {}

  public record Options<T>(Set<String> allowed) implements Match<T> {}

  public record RedirectToSlash<T>(String path) implements Match<T> {}

  private final Map<String, List<Entry<T>>> staticRoutes = new HashMap<>();
  private final List<Entry<T>> dynamicRoutes = new ArrayList<>();
  private final List<Entry<T>> all = new ArrayList<>();

  /** Adds a route; methods are upper-case HTTP method names. */
  public void add(Rule rule, Set<String> methods, T target) {
    Entry<T> entry = new Entry<>(rule, Set.copyOf(methods), target);
    all.add(entry);
    if (rule.staticPath() != null) {
      staticRoutes.computeIfAbsent(rule.staticPath(), k -> new ArrayList<>()).add(entry);
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

  /** Matches a request; HEAD is served by GET routes, OPTIONS is answered for any known path. */
  public Match<T> match(String method, String path) {
    String wanted = "HEAD".equals(method) ? "GET" : method;
    Set<String> allowed = null;
    List<Entry<T>> statics = staticRoutes.get(path);
    if (statics != null) {
      for (Entry<T> entry : statics) {
        if (entry.methods().contains(method) || entry.methods().contains(wanted)) {
          return new Found<>(entry, Collections.emptyMap());
        }
        allowed = addAllowed(allowed, entry);
      }
    }
    for (Entry<T> entry : dynamicRoutes) {
      Map<String, Object> values = entry.rule().match(path);
      if (values == null) {
        continue;
      }
      if (entry.methods().contains(method) || entry.methods().contains(wanted)) {
        return new Found<>(entry, values);
      }
      allowed = addAllowed(allowed, entry);
    }
    if (allowed != null) {
      allowed.add("OPTIONS");
      Set<String> sorted = Collections.unmodifiableSet(new TreeSet<>(allowed));
      return "OPTIONS".equals(method) ? new Options<>(sorted) : new MethodNotAllowed<>(sorted);
    }
    if (!path.endsWith("/") && slashRuleMatches(path + "/")) {
      return new RedirectToSlash<>(path + "/");
    }
    return new NotFound<>();
  }

  private boolean slashRuleMatches(String path) {
    for (Entry<T> entry : all) {
      if (entry.rule().endsWithSlash() && entry.rule().match(path) != null) {
        return true;
      }
    }
    return false;
  }

  private static <T> Set<String> addAllowed(Set<String> allowed, Entry<T> entry) {
    Set<String> into = allowed == null ? new LinkedHashSet<>() : allowed;
    into.addAll(entry.methods());
    if (entry.methods().contains("GET")) {
      into.add("HEAD");
    }
    return into;
  }
}
