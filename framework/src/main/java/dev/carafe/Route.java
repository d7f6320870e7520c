package dev.carafe;

import java.util.Optional;
import java.util.Set;

/** A registered route: its rule, methods and endpoint name, as {@code carafe routes} lists them. */
public final class Route {
  private String rule;
  private final Set<String> methods;
  private String endpoint;
  private final View view;
  private final Blueprint blueprint;
  private boolean csrfExempt;
  private boolean nonBlocking;

  Route(String rule, Set<String> methods, String endpoint, View view, Blueprint blueprint) {
    this.rule = rule;
    this.methods = Set.copyOf(methods);
    this.endpoint = endpoint;
    this.view = view;
    this.blueprint = blueprint;
  }

  public String rule() {
    return rule;
  }

  /** The methods the view serves; HEAD and OPTIONS are answered on top of these. */
  public Set<String> methods() {
    return methods;
  }

  public String endpoint() {
    return endpoint;
  }

  /** The blueprint's name when the route belongs to one, dotted when nested: {@code api.v2}. */
  public Optional<String> blueprint() {
    return blueprint == null ? Optional.empty() : Optional.of(blueprint.fullName());
  }

  /** Moves a blueprint's route to the prefix and name its blueprint was registered under. */
  void place(String rule, String endpoint) {
    this.rule = rule;
    this.endpoint = endpoint;
  }

  Blueprint owner() {
    return blueprint;
  }

  View view() {
    return view;
  }

  /** Skips CSRF checks for this route: for token-authenticated JSON APIs, not browser forms. */
  public Route csrfExempt() {
    this.csrfExempt = true;
    return this;
  }

  public boolean isCsrfExempt() {
    return csrfExempt || (blueprint != null && blueprint.isCsrfExempt());
  }

  /**
   * Runs this view on the production server's I/O thread, the one that read the request, instead of
   * handing the request to the request pool. The hand-over (waking a pool thread, then re-arming
   * the connection for its next request) costs more than a small view itself: the demo's JSON hello
   * serves a quarter more requests per second on the same core without it.
   *
   * <p>Only for views that compute from the request and memory alone: no database, no files, no
   * outgoing calls, no waiting on locks. The app's and the blueprint's before, after and teardown
   * hooks run on that thread too, so they must not block either. A view that blocks there holds up
   * every connection the thread serves. Requests with a body always go to the pool, and a response
   * the client is slow to read is written out behind the view, so neither ever waits on the thread.
   * The development server runs every view in its single lane and ignores this.
   */
  public Route nonBlocking() {
    this.nonBlocking = true;
    return this;
  }

  public boolean isNonBlocking() {
    return nonBlocking;
  }

  @Override
  public String toString() {
    return endpoint + " " + methods + " " + rule;
  }
}
