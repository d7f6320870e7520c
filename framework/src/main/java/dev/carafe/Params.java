package dev.carafe;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A multi-valued parameter map (query string or form), like Werkzeug's MultiDict. */
public final class Params {
  private final Map<String, List<String>> values;

  Params(Map<String, List<String>> values) {
    this.values = values;
  }

  /** The first value of a parameter. */
  public Optional<String> get(String name) {
    List<String> all = values.get(name);
    return all == null || all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
  }

  public String get(String name, String fallback) {
    return get(name).orElse(fallback);
  }

  /**
   * The first value as an int; a value that is not a number aborts the request with 400, as Flask's
   * {@code request.args.get(..., type=int)} would ignore it silently and hide the bug.
   */
  public int getInt(String name, int fallback) {
    Optional<String> value = get(name);
    if (value.isEmpty() || value.get().isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.get().trim());
    } catch (NumberFormatException e) {
      throw new HttpAbort(
          400, "Parameter '" + name + "' must be a whole number, got '" + value.get() + "'.");
    }
  }

  /** A value that must be present; a missing one aborts with 400 naming it. */
  public String require(String name) {
    return get(name)
        .filter(v -> !v.isBlank())
        .orElseThrow(() -> new HttpAbort(400, "Missing required parameter '" + name + "'."));
  }

  public List<String> getAll(String name) {
    return values.getOrDefault(name, List.of());
  }

  public boolean has(String name) {
    return values.containsKey(name);
  }

  public Set<String> names() {
    return Collections.unmodifiableSet(values.keySet());
  }

  public Map<String, List<String>> asMap() {
    return Collections.unmodifiableMap(values);
  }

  @Override
  public String toString() {
    return values.toString();
  }
}
