package dev.carafe;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What an app and a blueprint both register: routes, request hooks and error handlers. Flask calls
 * the same shared base a scaffold.
 */
abstract class Scaffold<S extends Scaffold<S>> {
  private static final Set<String> KNOWN_METHODS =
      Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD");

  final List<BeforeRequest> beforeRequest = new ArrayList<>();
  final List<AfterRequest> afterRequest = new ArrayList<>();
  final List<TeardownRequest> teardownRequest = new ArrayList<>();
  final List<ContextProcessor> contextProcessors = new ArrayList<>();
  final Map<Integer, ErrorView<? super HttpAbort>> statusHandlers = new LinkedHashMap<>();
  final Map<Class<? extends Throwable>, ErrorView<? extends Throwable>> exceptionHandlers =
      new LinkedHashMap<>();

  abstract S self();

  /** Fails when registration is no longer allowed (the app has started serving). */
  abstract void checkSetup(String what);

  /** Adds a route under its local endpoint name; blueprints prefix rule and name. */
  abstract Route add(String rule, Set<String> methods, String endpoint, View view);

  public Route get(String rule, View view) {
    return route(rule, List.of("GET"), view);
  }

  public Route get(String rule, String endpoint, View view) {
    return route(rule, List.of("GET"), endpoint, view);
  }

  public Route post(String rule, View view) {
    return route(rule, List.of("POST"), view);
  }

  public Route post(String rule, String endpoint, View view) {
    return route(rule, List.of("POST"), endpoint, view);
  }

  public Route put(String rule, View view) {
    return route(rule, List.of("PUT"), view);
  }

  public Route put(String rule, String endpoint, View view) {
    return route(rule, List.of("PUT"), endpoint, view);
  }

  public Route patch(String rule, View view) {
    return route(rule, List.of("PATCH"), view);
  }

  public Route patch(String rule, String endpoint, View view) {
    return route(rule, List.of("PATCH"), endpoint, view);
  }

  public Route delete(String rule, View view) {
    return route(rule, List.of("DELETE"), view);
  }

  public Route delete(String rule, String endpoint, View view) {
    return route(rule, List.of("DELETE"), endpoint, view);
  }

  /** A route for several methods; its endpoint name is derived from the rule. */
  public Route route(String rule, List<String> methods, View view) {
    return route(rule, methods, "", view);
  }

  /**
   * A route for several methods under an explicit endpoint name (empty: derived from the rule, as
   * {@code /users/<int:id>/edit} becomes {@code users_id_edit}, with the method appended for
   * anything but GET).
   */
  public Route route(String rule, List<String> methods, String endpoint, View view) {
    checkSetup("add route " + rule);
    if (view == null) {
      throw new IllegalArgumentException("Route " + rule + " needs a view.");
    }
    Set<String> upper = new LinkedHashSet<>();
    for (String m : methods) {
      String method = m.toUpperCase(Locale.ROOT);
      if (!KNOWN_METHODS.contains(method)) {
        throw new IllegalArgumentException(
            "Route " + rule + ": unknown method '" + m + "'. Use one of " + KNOWN_METHODS + ".");
      }
      upper.add(method);
    }
    if (upper.isEmpty()) {
      throw new IllegalArgumentException("Route " + rule + " needs at least one method.");
    }
    String name = endpoint.isEmpty() ? deriveEndpoint(rule, upper) : endpoint;
    if (name.contains(".")) {
      throw new IllegalArgumentException(
          "Endpoint '" + name + "' may not contain '.': dots separate blueprint and endpoint.");
    }
    return add(rule, upper, name, view);
  }

  static String deriveEndpoint(String rule, Set<String> methods) {
    String name =
        rule.replaceAll("<(?:[^:>]+:)?([^>]+)>", "$1")
            .replaceAll("[^A-Za-z0-9]+", "_")
            .replaceAll("^_+|_+$", "")
            .toLowerCase(Locale.ROOT);
    if (name.isEmpty()) {
      name = "index";
    }
    if (!methods.contains("GET")) {
      name += "_" + String.join("_", methods).toLowerCase(Locale.ROOT);
    }
    return name;
  }

  /** Flask's before_request: return a value to answer the request without calling the view. */
  public S beforeRequest(BeforeRequest hook) {
    checkSetup("add a before_request hook");
    beforeRequest.add(hook);
    return self();
  }

  /** Flask's after_request: change the response; hooks run in reverse order of registration. */
  public S afterRequest(AfterRequest hook) {
    checkSetup("add an after_request hook");
    afterRequest.add(hook);
    return self();
  }

  /**
   * Flask's teardown_request: runs last for every request, told of an error only when no error
   * handler took it (an abort answered by Carafe's error page counts as handled).
   */
  public S teardownRequest(TeardownRequest hook) {
    checkSetup("add a teardown_request hook");
    teardownRequest.add(hook);
    return self();
  }

  /**
   * Adds values to the context of every template rendered, Flask's {@code context_processor}; a
   * blueprint's processors run for its own routes and its nested blueprints', after the app's.
   */
  public S contextProcessor(ContextProcessor processor) {
    checkSetup("add a template context processor");
    contextProcessors.add(processor);
    return self();
  }

  /**
   * Handles an error status (404, 405, 500...) however it arose. As in Flask, handlers for the
   * status are asked before handlers for an exception type, the route's blueprint before the
   * blueprints it is nested in, before the app.
   */
  public S errorHandler(int status, ErrorView<? super HttpAbort> handler) {
    checkSetup("add an error handler for " + status);
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("Error handlers take statuses 400-599, got " + status);
    }
    statusHandlers.put(status, handler);
    return self();
  }

  /**
   * Handles an exception type and its subclasses: within the route's blueprint, then each blueprint
   * around it, then the app, the handler for the nearest superclass wins. An exception no handler
   * takes becomes a 500 {@link HttpAbort} caused by it, so a handler for {@code HttpAbort} answers
   * everything, as Flask's for {@code HTTPException} does.
   */
  public <E extends Throwable> S errorHandler(Class<E> type, ErrorView<? super E> handler) {
    checkSetup("add an error handler for " + type.getSimpleName());
    exceptionHandlers.put(type, handler);
    return self();
  }
}
