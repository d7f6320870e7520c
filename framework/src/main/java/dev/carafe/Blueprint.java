package dev.carafe;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A group of routes, hooks and error handlers under a name and a URL prefix, registered on an app
 * with {@link Carafe#register(Blueprint)} or nested in another blueprint with {@link
 * #register(Blueprint)}. Its endpoints are named {@code blueprint.endpoint} ({@code
 * parent.child.endpoint} when nested); its hooks and error handlers apply to its own routes and to
 * those of the blueprints nested in it.
 */
public final class Blueprint extends Scaffold<Blueprint> {
  /** A route as the blueprint declared it, before prefix and name of its place are added. */
  private record Declared(Route route, String rule, String endpoint) {}

  private final String name;
  private final String urlPrefix;
  private final List<Declared> routes = new ArrayList<>();
  private final Map<String, View> endpoints = new HashMap<>();
  private final List<Blueprint> children = new ArrayList<>();
  private String templateFolder = "";
  private String staticFolder = "";
  private boolean csrfExempt;
  // Where it is registered, once: inside a parent, or on an app (directly or through its parent).
  private Blueprint parent;
  private String placedPrefix;
  private Carafe app;
  private List<Scaffold<?>> scopes = List.of(this);

  /** A blueprint named {@code name} whose routes live under {@code urlPrefix} ("" for none). */
  public Blueprint(String name, String urlPrefix) {
    if (name == null || !name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw new IllegalArgumentException(
          "Blueprint name '" + name + "' must be an identifier (letters, digits, '_'), no dots.");
    }
    this.name = name;
    this.urlPrefix = checkedPrefix(name, urlPrefix);
  }

  /** A blueprint without a URL prefix. */
  public Blueprint(String name) {
    this(name, "");
  }

  static String checkedPrefix(String blueprint, String urlPrefix) {
    if (!urlPrefix.isEmpty() && (!urlPrefix.startsWith("/") || urlPrefix.endsWith("/"))) {
      throw new IllegalArgumentException(
          "Blueprint '"
              + blueprint
              + "': url prefix '"
              + urlPrefix
              + "' must start with '/' and not end with one, e.g. /auth.");
    }
    return urlPrefix;
  }

  /** The name it was created with; {@link Request#blueprint()} gives the dotted one when nested. */
  public String name() {
    return name;
  }

  /** The URL prefix it was created with, before a parent's or a registration's. */
  public String urlPrefix() {
    return urlPrefix;
  }

  /**
   * A template folder (on the class path, or under {@code resource_root}) searched after the app's
   * and those of blueprints registered earlier: the app's template of a name overrides this one's,
   * so name them {@code admin/index.html} inside the folder to keep them apart. See {@link
   * Carafe#templateFolders()}.
   */
  public Blueprint templateFolder(String folder) {
    checkSetup("set the template folder");
    this.templateFolder = Objects.requireNonNull(folder, "folder");
    return this;
  }

  /** The template folder set with {@link #templateFolder(String)}, "" for none. */
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

  /**
   * Exempts every route of this blueprint, and of the blueprints nested in it, from CSRF checks
   * (token-authenticated JSON APIs).
   */
  public Blueprint csrfExempt() {
    this.csrfExempt = true;
    return this;
  }

  boolean isCsrfExempt() {
    return csrfExempt || (parent != null && parent.isCsrfExempt());
  }

  /**
   * Nests {@code child} in this blueprint, Flask 2's {@code bp.register_blueprint(child)}: its
   * routes live under this blueprint's prefix and then its own, its endpoints are named {@code
   * name.child.endpoint}, and this blueprint's hooks, context processors and error handlers apply
   * to them too (this blueprint's before-request hooks run before the child's, its after-request
   * and teardown hooks after; the child's error handlers are asked first).
   */
  public Blueprint register(Blueprint child) {
    return register(child, child.urlPrefix());
  }

  /** Nests {@code child} under {@code urlPrefix} instead of its own prefix. */
  public Blueprint register(Blueprint child, String urlPrefix) {
    checkSetup("register blueprint '" + child.name + "'");
    for (Blueprint outer = this; outer != null; outer = outer.parent) {
      if (outer == child) {
        throw new IllegalArgumentException(
            child == this
                ? "Cannot register blueprint '" + name + "' on itself."
                : "Cannot register blueprint '"
                    + child.name
                    + "' on '"
                    + name
                    + "': '"
                    + name
                    + "' is already inside it, so it would end up inside itself.");
      }
    }
    child.place(this, checkedPrefix(child.name, urlPrefix));
    children.add(child);
    if (app != null) {
      child.mount(app);
    }
    return this;
  }

  /** Registers this blueprint on an app, under {@code urlPrefix}; see {@link Carafe#register}. */
  void registerOn(Carafe app, String urlPrefix) {
    place(null, checkedPrefix(name, urlPrefix));
    mount(app);
  }

  private void place(Blueprint parent, String urlPrefix) {
    if (placedPrefix != null) {
      throw new IllegalStateException(
          "Blueprint '"
              + name
              + "' is already registered "
              + (this.parent != null ? "on blueprint '" + this.parent.name + "'" : "on an app")
              + "; create a second Blueprint to mount it twice.");
    }
    this.parent = parent;
    this.placedPrefix = urlPrefix;
  }

  /** Adds this blueprint, its routes and those of its children to the app, once placed there. */
  private void mount(Carafe app) {
    List<Scaffold<?>> chain = new ArrayList<>(List.of(this));
    chain.addAll(parent != null ? parent.scopes : List.of(app));
    scopes = List.copyOf(chain);
    app.addBlueprint(this);
    this.app = app;
    if (!staticFolder.isEmpty()) {
      declare(
          "/static/<path:filename>", Set.of("GET"), "static", new StaticView(app, staticFolder));
    }
    for (Declared declared : routes) {
      declared.route().place(prefix() + declared.rule(), fullName() + "." + declared.endpoint());
      app.addRoute(declared.route());
    }
    children.forEach(child -> child.mount(app));
  }

  /** The dotted name endpoints start with: {@code parent.child} when nested. */
  String fullName() {
    return parent == null ? name : parent.fullName() + "." + name;
  }

  /** The URL prefix of its routes: its parent's, then its own (or the one it was registered at). */
  private String prefix() {
    String own = placedPrefix == null ? urlPrefix : placedPrefix;
    return parent == null ? own : parent.prefix() + own;
  }

  /**
   * Where its routes' hooks and error handlers come from: this blueprint, the one it is nested in,
   * out to the outermost (Flask's {@code request.blueprints}), then the app. After-request hooks,
   * teardown hooks and error handlers follow this order; before-request hooks and context
   * processors the reverse.
   */
  List<Scaffold<?>> scopes() {
    return scopes;
  }

  @Override
  Blueprint self() {
    return this;
  }

  @Override
  void checkSetup(String what) {
    if (app != null) {
      app.checkSetup(what + " on blueprint '" + fullName() + "'");
    }
  }

  @Override
  Route add(String rule, Set<String> methods, String endpoint, View view) {
    Route route = declare(rule, methods, endpoint, view);
    if (app != null) {
      app.addRoute(route);
    }
    return route;
  }

  private Route declare(String rule, Set<String> methods, String endpoint, View view) {
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
    Route route = new Route(prefix() + rule, methods, fullName() + "." + endpoint, view, this);
    routes.add(new Declared(route, rule, endpoint));
    return route;
  }
}
