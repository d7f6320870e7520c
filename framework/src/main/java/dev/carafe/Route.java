package dev.carafe;

import dev.carafe.internal.Rule;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A registered route: its rule, methods and endpoint name, as {@code carafe routes} lists them, and
 * the options Flask's {@code @app.route} takes ({@code strict_slashes}, {@code defaults}).
 */
public final class Route {
  private String rule;
  private Rule parsed;
  private final Set<String> methods;
  private String endpoint;
  private final View view;
  private final Blueprint blueprint;
  private boolean csrfExempt;
  private boolean nonBlocking;

  Route(String rule, Set<String> methods, String endpoint, View view, Blueprint blueprint) {
    this.rule = rule;
    this.parsed = Rule.parse(rule);
    this.methods = Set.copyOf(methods);
    this.endpoint = endpoint;
    this.view = view;
    this.blueprint = blueprint;
  }

  public String rule() {
    return rule;
  }

  Rule parsed() {
    return parsed;
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
    this.parsed = Rule.parse(rule);
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

  /**
   * Werkzeug's {@code strict_slashes}, on by default: a rule {@code /projects/} asked for as {@code
   * /projects} redirects (308) to it, and a rule {@code /about} asked for as {@code /about/} is a
   * 404. Off, the rule serves both forms of its path.
   */
  public Route strictSlashes(boolean strict) {
    parsed.strictSlashes(strict);
    return this;
  }

  public boolean strictSlashes() {
    return parsed.strictSlashes();
  }

  /**
   * Values the view gets on top of the rule's own, Flask's {@code defaults}: with {@code
   * app.get("/users/", "users", users).defaults(Map.of("page", 1))} and {@code
   * app.get("/users/page/<int:page>", "users", users)}, the view sees page 1 at {@code /users/},
   * {@code url_for("users", page=1)} builds {@code /users/}, and {@code /users/page/1} redirects
   * there (308).
   */
  public Route defaults(Map<String, ?> values) {
    parsed.defaults(values);
    return this;
  }

  /** The values set with {@link #defaults(Map)}; empty when none. */
  public Map<String, Object> defaults() {
    return parsed.defaults();
  }

  @Override
  public String toString() {
    return endpoint + " " + methods + " " + rule;
  }
}
