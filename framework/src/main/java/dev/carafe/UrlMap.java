package dev.carafe;

import dev.carafe.internal.Router;
import dev.carafe.internal.Rule;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * An app's routes by rule and by endpoint name, Werkzeug's URL map: the router that matches
 * requests, and {@code url_for}, which builds URLs back from endpoint names.
 */
final class UrlMap {
  private final Router<Route> router = new Router<>();
  private final Map<String, Route> endpoints = new HashMap<>();

  Router<Route> router() {
    return router;
  }

  /**
   * Adds a route. A second rule may join an endpoint with the same view, as Flask's stacked
   * {@code @app.route} decorators do; another view under a taken endpoint name is refused.
   */
  void add(Route route) {
    Route existing = endpoints.get(route.endpoint());
    if (existing != null && existing.view() != route.view()) {
      throw new IllegalArgumentException(
          "Endpoint '"
              + route.endpoint()
              + "' is already taken by "
              + existing.rule()
              + " "
              + existing.methods()
              + " with another view. Pass an explicit endpoint name, e.g. app.get(\""
              + route.rule()
              + "\", \"my_name\", view); to serve one endpoint at two rules, pass the same View"
              + " object both times.");
    }
    endpoints.putIfAbsent(route.endpoint(), route);
    router.add(route.parsed(), route.methods(), route.endpoint(), route);
  }

  Optional<Route> endpoint(String name) {
    return Optional.ofNullable(endpoints.get(name));
  }

  /** Every route in registration order. */
  List<Route> routes() {
    List<Route> all = new ArrayList<>();
    router.entries().forEach(e -> all.add(e.target()));
    return Collections.unmodifiableList(all);
  }

  /**
   * Builds the URL of an endpoint, {@link Carafe#urlFor(String, Map)}'s work; {@code request} is
   * null outside a request. Null values are left out, as Flask leaves out None.
   */
  String build(Carafe app, Request request, String endpoint, Map<String, ?> given) {
    Config config = app.config();
    String blueprint = request == null ? null : request.blueprint().orElse(null);
    String name =
        !endpoint.startsWith(".")
            ? endpoint
            : blueprint == null ? endpoint.substring(1) : blueprint + endpoint;
    List<Router.Entry<Route>> rules = router.endpoint(name);
    if (rules.isEmpty()) {
      throw new IllegalArgumentException(
          "url_for: no endpoint '"
              + name
              + "'. Known endpoints: "
              + new TreeSet<>(endpoints.keySet()));
    }
    Map<String, Object> values = new LinkedHashMap<>();
    given.forEach(
        (key, value) -> {
          if (value != null) {
            values.put(key, value);
          }
        });
    Rule rule =
        rules.stream()
            .map(Router.Entry::rule)
            .filter(r -> r.suitableFor(values))
            .findFirst()
            .orElseThrow(() -> unbuildable(name, rules, values, given));
    String path = rule.build(values);
    if ("static".equals(name) || name.endsWith(".static")) {
      path = StaticView.versioned(app, path, values);
    }
    Object anchor = values.get("_anchor");
    if (anchor != null) {
      // A fragment is not form-encoded: spaces are %20, never '+'.
      path +=
          "#"
              + URLEncoder.encode(String.valueOf(anchor), StandardCharsets.UTF_8)
                  .replace("+", "%20");
    }
    String prefix = request == null ? "" : request.scriptRoot();
    if (!Boolean.TRUE.equals(values.get("_external"))
        && !"true".equals(String.valueOf(values.get("_external")))) {
      return prefix + path;
    }
    if (request != null) {
      Object scheme = values.get("_scheme");
      return (scheme != null ? scheme : request.scheme()) + "://" + request.host() + prefix + path;
    }
    String server =
        config
            .get("server_name")
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "url_for(_external=true) outside a request needs server_name in the configuration (e.g. example.com)."));
    return config.require("preferred_url_scheme") + "://" + server + path;
  }

  /** Flask's BuildError: what each of the endpoint's rules lacks. */
  private static IllegalArgumentException unbuildable(
      String name, List<Router.Entry<Route>> rules, Map<String, ?> values, Map<String, ?> given) {
    List<String> problems = new ArrayList<>();
    for (Router.Entry<Route> entry : rules) {
      Rule rule = entry.rule();
      List<String> missing = rule.missing(values);
      problems.add(
          missing.isEmpty()
              ? "rule '" + rule.text() + "' has other defaults " + rule.defaults()
              : "rule '"
                  + rule.text()
                  + "' needs a value for "
                  + missing.stream()
                      .map(m -> "'" + m + "'" + (given.containsKey(m) ? " (null)" : ""))
                      .collect(Collectors.joining(", ")));
    }
    return new IllegalArgumentException(
        "url_for: cannot build endpoint '"
            + name
            + "': "
            + String.join("; ", problems)
            + ". Null values are left out, as Flask leaves out None.");
  }
}
