package dev.carafe;

import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A read-only multi-valued parameter map (query string or form), like Werkzeug's MultiDict: names
 * in the order first sent, each name's values in the order sent.
 */
public final class Params {
  private final Map<String, List<String>> values;

  Params(Map<String, List<String>> values) {
    Map<String, List<String>> copy = new LinkedHashMap<>();
    values.forEach((name, all) -> copy.put(name, List.copyOf(all)));
    this.values = Collections.unmodifiableMap(copy);
  }

  /** The first value of a parameter. */
  public Optional<String> get(String name) {
    List<String> all = values.get(name);
    return all == null || all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
  }

  /** The first value of a parameter, or {@code fallback} when it was not sent. */
  public String get(String name, String fallback) {
    return get(name).orElse(fallback);
  }

  /**
   * The first value converted by {@code type} (such as {@code Integer::valueOf}), or {@code
   * fallback} when it was not sent or {@code type} refuses it with an {@link
   * IllegalArgumentException} or {@link DateTimeException}: Werkzeug's {@code get(name, default,
   * type)}. {@link #getInt} is the strict alternative.
   */
  public <T> T get(String name, T fallback, Function<String, ? extends T> type) {
    return get(name).<T>map(value -> convert(value, type)).orElse(fallback);
  }

  /**
   * The first value as an int; a value that is not a number aborts the request with 400 naming the
   * parameter, where Werkzeug's {@code get(..., type=int)} (here {@link #get(String, Object,
   * Function)}) would silently give the default and hide the client's mistake.
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

  /**
   * A parameter that must be sent, Flask's {@code request.form["title"]}: a missing one aborts with
   * 400 naming it; one sent blank is returned as it is ({@code ""}), for the view to judge.
   */
  public String require(String name) {
    return get(name)
        .orElseThrow(() -> new HttpAbort(400, "Missing required parameter '" + name + "'."));
  }

  /** Every value of a parameter, in the order sent (Werkzeug's {@code getlist}); read-only. */
  public List<String> getAll(String name) {
    return values.getOrDefault(name, List.of());
  }

  /**
   * Every value converted by {@code type}, skipping those it refuses (see {@link #get(String,
   * Object, Function)}): Werkzeug's {@code getlist(name, type)}.
   */
  public <T> List<T> getAll(String name, Function<String, ? extends T> type) {
    List<T> converted = new ArrayList<>();
    for (String value : getAll(name)) {
      T one = convert(value, type);
      if (one != null) {
        converted.add(one);
      }
    }
    return Collections.unmodifiableList(converted);
  }

  public boolean has(String name) {
    return values.containsKey(name);
  }

  /** The names, in the order first sent. */
  public Set<String> names() {
    return values.keySet();
  }

  /** Every name with all its values; read-only. */
  public Map<String, List<String>> asMap() {
    return values;
  }

  /** The first value of each name, in the order first sent: Werkzeug's {@code to_dict()}. */
  public Map<String, String> firstValues() {
    Map<String, String> first = new LinkedHashMap<>();
    values.forEach((name, all) -> all.stream().findFirst().ifPresent(v -> first.put(name, v)));
    return Collections.unmodifiableMap(first);
  }

  @Override
  public String toString() {
    return values.toString();
  }

  /** The converted value, or null when {@code type} refuses it as Werkzeug's ValueError would. */
  private static <T> T convert(String value, Function<String, ? extends T> type) {
    try {
      return type.apply(value);
    } catch (IllegalArgumentException | DateTimeException refused) {
      return null;
    }
  }
}
