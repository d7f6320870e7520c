package dev.carafe;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Flask's {@code session}: JSON values kept between requests in a cookie signed with the app's
 * secret key. The client can read but not change it, so keep secrets out. It is decoded on first
 * use and written back only when changed (or when a permanent session is refreshed). A {@link
 * SessionInterface} opens and saves it; the signed cookie is the default.
 *
 * <pre>{@code
 * req.session().put("user_id", 42);
 * long id = req.session().getLong("user_id").orElseThrow();
 * }</pre>
 */
public final class Session {
  static final String PERMANENT = "_permanent";
  static final String FLASHES = "_flashes";

  private final Map<String, Object> data;
  private boolean modified;
  private List<Flash> shownFlashes;

  private Session(Map<String, Object> data) {
    this.data = data;
  }

  /** A session holding these values, as a {@link SessionInterface} opens it; unmodified. */
  public static Session of(Map<String, ?> values) {
    return new Session(new LinkedHashMap<>(values));
  }

  private Map<String, Object> data() {
    return data;
  }

  public Optional<Object> get(String key) {
    return Optional.ofNullable(data().get(key));
  }

  /** A text value; empty when missing or not text. */
  public Optional<String> getString(String key) {
    return get(key).filter(String.class::isInstance).map(String.class::cast);
  }

  /** A whole-number value (JSON gives back Integer or Long); empty when missing or not one. */
  public Optional<Long> getLong(String key) {
    return get(key)
        .filter(v -> v instanceof Integer || v instanceof Long)
        .map(v -> ((Number) v).longValue());
  }

  /** A true/false value; empty when missing or not one. */
  public Optional<Boolean> getBoolean(String key) {
    return get(key).filter(Boolean.class::isInstance).map(Boolean.class::cast);
  }

  /** Stores a JSON value: text, a number, a boolean, or a list or map of those. */
  public Session put(String key, Object value) {
    if (!(value instanceof String
        || value instanceof Number
        || value instanceof Boolean
        || value instanceof Collection<?>
        || value instanceof Map<?, ?>)) {
      throw new IllegalArgumentException(
          "Session values are JSON: text, numbers, booleans, lists and maps. '"
              + key
              + "' is a "
              + (value == null ? "null" : value.getClass().getName())
              + "; store its id or fields instead.");
    }
    data().put(key, value);
    modified = true;
    return this;
  }

  public Session remove(String key) {
    if (data().remove(key) != null) {
      modified = true;
    }
    return this;
  }

  /** Empties the session (log out); the cookie is deleted at the end of the request. */
  public Session clear() {
    if (!data().isEmpty()) {
      data().clear();
      modified = true;
    }
    return this;
  }

  public boolean contains(String key) {
    return data().containsKey(key);
  }

  public boolean isEmpty() {
    return data().isEmpty();
  }

  public Set<String> keys() {
    return Collections.unmodifiableSet(data().keySet());
  }

  /** A read-only view of the values, as templates see {@code session}. */
  public Map<String, Object> asMap() {
    return Collections.unmodifiableMap(data());
  }

  /** True when the cookie outlives the browser session ({@code permanent_session_lifetime}). */
  public boolean permanent() {
    return Boolean.TRUE.equals(data().get(PERMANENT));
  }

  /**
   * Makes the cookie last {@code permanent_session_lifetime} instead of until the browser closes.
   */
  public Session permanent(boolean permanent) {
    if (permanent != permanent()) {
      if (permanent) {
        data().put(PERMANENT, true);
      } else {
        data().remove(PERMANENT);
      }
      modified = true;
    }
    return this;
  }

  /** True when this request changed the session. */
  public boolean isModified() {
    return modified;
  }

  /**
   * Marks the session changed, so that it is saved: after changing a list or map stored in it in
   * place, which the session cannot see (Flask's {@code session.modified = True}).
   */
  public Session markModified() {
    modified = true;
    return this;
  }

  /** Flashes a message for the next page, Flask's {@code flash(message)}. */
  public Session flash(String message) {
    return flash(message, "message");
  }

  /** Flashes a message with a category such as "error" or "success". */
  public Session flash(String message, String category) {
    List<Object> queue = new ArrayList<>();
    if (data().get(FLASHES) instanceof List<?> existing) {
      queue.addAll(existing);
    }
    queue.add(List.of(category, message));
    return put(FLASHES, queue);
  }

  /**
   * The flashed messages, oldest first, Flask's {@code get_flashed_messages(with_categories=True)}:
   * all of them are taken out of the session so they show once, and calling it again in the same
   * request gives them again. Given categories, Flask's {@code category_filter}, only the messages
   * of those categories are returned (the others are taken out all the same).
   */
  public List<Flash> flashes(String... categories) {
    if (shownFlashes == null) {
      List<Flash> flashes = new ArrayList<>();
      if (data().get(FLASHES) instanceof List<?> queue) {
        for (Object item : queue) {
          if (item instanceof List<?> pair && pair.size() == 2) {
            flashes.add(new Flash(String.valueOf(pair.get(0)), String.valueOf(pair.get(1))));
          }
        }
        remove(FLASHES);
      }
      shownFlashes = Collections.unmodifiableList(flashes);
    }
    if (categories.length == 0) {
      return shownFlashes;
    }
    List<String> wanted = List.of(categories);
    return shownFlashes.stream().filter(f -> wanted.contains(f.category())).toList();
  }

  @Override
  public String toString() {
    return "Session" + data.keySet();
  }
}
