package dev.carafe;

import java.util.Optional;
import java.util.Set;

/** A registered route: its rule, methods and endpoint name, as {@code carafe routes} lists them. */
public final class Route {
  private final String rule;
  private final Set<String> methods;
  private final String endpoint;
  private final View view;
  private final Blueprint blueprint;
  private boolean csrfExempt;

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

  /** The blueprint's name when the route belongs to one. */
  public Optional<String> blueprint() {
    return blueprint == null ? Optional.empty() : Optional.of(blueprint.name());
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

  @Override
  public String toString() {
    return endpoint + " " + methods + " " + rule;
  }
}
