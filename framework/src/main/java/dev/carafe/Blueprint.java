package dev.carafe;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A group of routes, hooks and error handlers under a name and a URL prefix, registered on an app
 * with {@link Carafe#register(Blueprint)}. Its endpoints are named {@code blueprint.endpoint}; its
 * hooks and error handlers apply only to its own routes.
 */
public final class Blueprint extends Scaffold<Blueprint> {
  private final String name;
  private final String urlPrefix;
  private final List<Route> routes = new ArrayList<>();
  private final Map<String, View> endpoints = new HashMap<>();
  private String templateFolder = "";
  private String staticFolder = "";
  private boolean csrfExempt;
  private Carafe registeredOn;

  /** A blueprint named {@code name} whose routes live under {@code urlPrefix} ("" for none). */
  public Blueprint(String name, String urlPrefix) {
    if (name == null || !name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw new IllegalArgumentException(
          "Blueprint name '" + name + "' must be an identifier (letters, digits, '_'), no dots.");
    }
    if (!urlPrefix.isEmpty() && (!urlPrefix.startsWith("/") || urlPrefix.endsWith("/"))) {
      throw new IllegalArgumentException(
          "Blueprint '"
              + name
              + "': url prefix '"
              + urlPrefix
              + "' must start with '/' and not end with one, e.g. /auth.");
    }
    this.name = name;
    this.urlPrefix = urlPrefix;
  }

  /** A blueprint without a URL prefix. */
  public Blueprint(String name) {
    this(name, "");
  }

  public String name() {
    return name;
  }

  public String urlPrefix() {
    return urlPrefix;
  }

  /** A template folder searched after the app's (relative to the resource root). */
  public Blueprint templateFolder(String folder) {
    checkSetup("set the template folder");
    this.templateFolder = folder;
    return this;
  }

  public String templateFolder() {
    return templateFolder;
  }

  /** A static folder served at {@code <prefix>/static}, endpoint {@code name.static}. */
  public Blueprint staticFolder(String folder) {
    checkSetup("set the static folder");
    this.staticFolder = folder;
    return this;
  }

  public String staticFolder() {
    return staticFolder;
  }

  /** Exempts every route of this blueprint from CSRF checks (token-authenticated JSON APIs). */
  public Blueprint csrfExempt() {
    this.csrfExempt = true;
    return this;
  }

  boolean isCsrfExempt() {
    return csrfExempt;
  }

  List<Route> routes() {
    return Collections.unmodifiableList(routes);
  }

  @Override
  Blueprint self() {
    return this;
  }

  @Override
  void checkSetup(String what) {
    if (registeredOn != null) {
      registeredOn.checkSetup(what + " on blueprint '" + name + "'");
    }
  }

  void registeredOn(Carafe app) {
    if (registeredOn != null) {
      throw new IllegalStateException(
          "Blueprint '"
              + name
              + "' is already registered; create a second Blueprint to mount it twice.");
    }
    registeredOn = app;
  }

  @Override
  Route add(String rule, Set<String> methods, String endpoint, View view) {
    // A second rule may join an endpoint with the same view, as Flask's stacked decorators do.
    View existing = endpoints.putIfAbsent(endpoint, view);
    if (existing != null && existing != view) {
      throw new IllegalArgumentException(
          "Blueprint '"
              + name
              + "' already has an endpoint '"
              + endpoint
              + "' with another view; give this route another name, or pass the same View object"
              + " to serve the endpoint at a second rule.");
    }
    String full = urlPrefix + ("/".equals(rule) && !urlPrefix.isEmpty() ? "/" : rule);
    Route route = new Route(full, methods, name + "." + endpoint, view, this);
    routes.add(route);
    if (registeredOn != null) {
      registeredOn.addRoute(route);
    }
    return route;
  }
}
