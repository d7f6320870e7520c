package dev.carafe;

import dev.carafe.internal.Router;
import dev.carafe.internal.Rule;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * An app's routes by rule and by endpoint name, Werkzeug's URL map: the router that matches
 * requests, and {@code url_for}, which builds URLs back from endpoint names.
 */
final class UrlMap {
  private final Router<Route> router = new Router<>();
  private final Map<String, Route> endpoints = new HashMap<>();
  private final Map<String, Rule> rules = new HashMap<>();

  Router<Route> router() {
    return router;
  }

  /** Adds a route; its endpoint name must be new. */
  void add(Route route) {
    Rule rule = Rule.parse(route.rule());
    Route existing = endpoints.get(route.endpoint());
    if (existing != null) {
      throw new IllegalArgumentException(
          "Endpoint '"
              + route.endpoint()
              + "' is already taken by "
              + existing.rule()
              + " "
              + existing.methods()
              + ". Pass an explicit endpoint name, e.g. app.get(\""
              + route.rule()
              + "\", \"my_name\", view).");
    }
    endpoints.put(route.endpoint(), route);
    rules.put(route.endpoint(), rule);
    router.add(rule, route.methods(), route);
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
   * null outside a request.
   */
  String build(Carafe app, Request request, String endpoint, Map<String, ?> values) {
    Config config = app.config();
    String name = endpoint;
    if (name.startsWith(".")) {
      String blueprint = request == null ? null : request.blueprint().orElse(null);
      name = blueprint == null ? name.substring(1) : blueprint + name;
    }
    Rule rule = rules.get(name);
    if (rule == null) {
      throw new IllegalArgumentException(
          "url_for: no endpoint '"
              + name
              + "'. Known endpoints: "
              + new TreeSet<>(endpoints.keySet()));
    }
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
}
