package dev.carafe;

import dev.carafe.internal.ProductionSecret;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * Layered configuration: defaults &lt; properties file &lt; environment ({@code CARAFE_*}) &lt;
 * command-line flags. Keys are lower-case with underscores ({@code max_requests}); the environment
 * spells them {@code CARAFE_MAX_REQUESTS} and the command line {@code --max-requests}.
 *
 * <p>Its length is the typed getters of every documented setting, each a few lines; their defaults
 * are in one table, {@code Defaults}.
 */
public final class Config {
  /** Where a value came from, weakest first. */
  public enum Source {
    DEFAULT,
    FILE,
    ENVIRONMENT,
    FLAG,
    APP
  }

  private record Value(String value, Source source) {}

  /** The environment prefix. */
  public static final String ENV_PREFIX = "CARAFE_";

  /** The file read when no other is named. */
  public static final String DEFAULT_FILE = "carafe.properties";

  /** Keys whose values are never printed. */
  private static final List<String> SECRET_MARKERS =
      List.of("secret", "password", "passwd", "token", "credential", "private_key", "api_key");

  private final Map<String, Value> values;

  private Config(Map<String, Value> values) {
    this.values = Collections.unmodifiableMap(values);
  }

  /** A configuration holding only Carafe's defaults. */
  public static Config defaults() {
    return builder().build();
  }

  /** Starts a configuration from Carafe's defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The standard layering for a process: defaults, then {@code file} (or {@code carafe.properties}
   * in the working directory when present), then the environment, then flags.
   */
  public static Config load(
      Optional<Path> file, Map<String, String> environment, Map<String, String> flags) {
    Builder builder = builder();
    Path chosen = file.orElse(Path.of(DEFAULT_FILE));
    if (file.isPresent() || Files.isRegularFile(chosen)) {
      builder.file(chosen);
    }
    return builder.environment(environment).flags(flags).build();
  }

  /**
   * Normalises a key from any of its spellings: {@code --max-requests}, {@code
   * CARAFE_MAX_REQUESTS}.
   */
  public static String key(String spelling) {
    String key = spelling.startsWith("--") ? spelling.substring(2) : spelling;
    if (key.startsWith(ENV_PREFIX)) {
      key = key.substring(ENV_PREFIX.length());
    }
    return key.trim().toLowerCase(Locale.ROOT).replace('-', '_');
  }

  /** The environment variable that sets a key. */
  public static String environmentName(String key) {
    return ENV_PREFIX + key(key).toUpperCase(Locale.ROOT);
  }

  public Optional<String> get(String key) {
    Value v = values.get(key(key));
    return v == null ? Optional.empty() : Optional.of(v.value);
  }

  public String get(String key, String fallback) {
    return get(key).orElse(fallback);
  }

  /** A value that must be set; the error names the key, its environment variable and its flag. */
  public String require(String key) {
    return get(key)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "Missing configuration '"
                        + key(key)
                        + "': set it in "
                        + DEFAULT_FILE
                        + ", as "
                        + environmentName(key)
                        + ", or with --"
                        + key(key).replace('_', '-')
                        + "."));
  }

  /** A whole number that must be set; Carafe's own keys always are (see the defaults). */
  public int getInt(String key) {
    return parse(key, require(key), "a whole number", Integer::parseInt);
  }

  /** A whole number that must be set; Carafe's own keys always are (see the defaults). */
  public long getLong(String key) {
    return parse(key, require(key), "a whole number", Long::parseLong);
  }

  /** A number that must be set; Carafe's own keys always are (see the defaults). */
  public double getDouble(String key) {
    return parse(key, require(key), "a number", Double::parseDouble);
  }

  /** A true/false value that must be set; Carafe's own keys always are (see the defaults). */
  public boolean getBool(String key) {
    return parseBool(key, require(key));
  }

  public int getInt(String key, int fallback) {
    return get(key).map(v -> parse(key, v, "a whole number", Integer::parseInt)).orElse(fallback);
  }

  public long getLong(String key, long fallback) {
    return get(key).map(v -> parse(key, v, "a whole number", Long::parseLong)).orElse(fallback);
  }

  public double getDouble(String key, double fallback) {
    return get(key).map(v -> parse(key, v, "a number", Double::parseDouble)).orElse(fallback);
  }

  public boolean getBool(String key, boolean fallback) {
    return get(key).map(v -> parseBool(key, v)).orElse(fallback);
  }

  /** A comma-separated list, trimmed, without empty items. */
  public List<String> getList(String key) {
    List<String> items = new ArrayList<>();
    for (String item : get(key, "").split(",")) {
      if (!item.isBlank()) {
        items.add(item.trim());
      }
    }
    return items;
  }

  /** Where the value of a key came from. */
  public Optional<Source> source(String key) {
    Value v = values.get(key(key));
    return v == null ? Optional.empty() : Optional.of(v.source);
  }

  /** Every key, sorted. */
  public Set<String> keys() {
    return Collections.unmodifiableSet(new TreeMap<>(values).keySet());
  }

  /** A copy with one more value set by the application (strongest layer). */
  public Config with(String key, String value) {
    Map<String, Value> copy = new LinkedHashMap<>(values);
    copy.put(key(key), new Value(value, Source.APP));
    return new Config(copy);
  }

  /** True for keys whose values must never be printed. */
  public static boolean isSecret(String key) {
    String k = key(key);
    for (String marker : SECRET_MARKERS) {
      if (k.contains(marker)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The effective values, secrets masked, sorted by key: safe to print or log. A password inside a
   * URL ({@code jdbc:postgresql://user:secret@host/db}, {@code ?password=secret}) is masked too.
   */
  public Map<String, String> masked() {
    Map<String, String> out = new TreeMap<>();
    values.forEach(
        (k, v) -> out.put(k, isSecret(k) ? mask(v.value) : UrlPasswords.masked(v.value)));
    return out;
  }

  private static String mask(String secret) {
    return secret.isEmpty() ? "" : "****** (" + secret.length() + " chars)";
  }

  /**
   * Checks the secret key for production: present, not a known placeholder, at least 16 characters.
   *
   * @throws IllegalStateException with a message that says how to set one
   */
  void checkProductionSecret() {
    ProductionSecret.check(get("secret_key").orElse(""));
  }

  @Override
  public String toString() {
    return "Config" + masked();
  }

  private interface Parser<T> {
    T parse(String text);
  }

  private static <T> T parse(String key, String value, String what, Parser<T> parser) {
    try {
      return parser.parse(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "Configuration '" + key(key) + "' must be " + what + ", got '" + value + "'.", e);
    }
  }

  private static boolean parseBool(String key, String value) {
    switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on", "1":
        return true;
      case "false", "no", "off", "0":
        return false;
      default:
        throw new IllegalArgumentException(
            "Configuration '" + key(key) + "' must be true or false, got '" + value + "'.");
    }
  }

  /** Builds a configuration layer by layer; later layers win. */
  public static final class Builder {
    private final Map<String, Value> values = new LinkedHashMap<>();

    private Builder() {
      Defaults.VALUES.forEach((k, v) -> values.put(k, new Value(v, Source.DEFAULT)));
    }

    /** Adds or replaces defaults (an app's own keys). */
    public Builder defaults(Map<String, String> defaults) {
      return put(defaults, Source.DEFAULT);
    }

    /** Reads a properties file (UTF-8). */
    public Builder file(Path path) {
      Properties properties = new Properties();
      try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
        properties.load(reader);
      } catch (IOException e) {
        throw new IllegalArgumentException(
            "Cannot read configuration file " + path + ": " + e.getMessage(), e);
      }
      Map<String, String> map = new LinkedHashMap<>();
      properties.forEach((k, v) -> map.put(String.valueOf(k), String.valueOf(v)));
      return put(map, Source.FILE);
    }

    /** Takes the {@code CARAFE_*} variables of an environment; others are ignored. */
    public Builder environment(Map<String, String> environment) {
      Map<String, String> map = new LinkedHashMap<>();
      environment.forEach(
          (k, v) -> {
            if (k.startsWith(ENV_PREFIX) && k.length() > ENV_PREFIX.length()) {
              map.put(k, v);
            }
          });
      return put(map, Source.ENVIRONMENT);
    }

    /** Command-line flags, by key ({@code max_requests} or {@code --max-requests}). */
    public Builder flags(Map<String, String> flags) {
      return put(flags, Source.FLAG);
    }

    /** One value set by code. */
    public Builder set(String key, String value) {
      return put(Map.of(key, value), Source.APP);
    }

    private Builder put(Map<String, String> map, Source source) {
      map.forEach((k, v) -> values.put(key(k), new Value(v, source)));
      return this;
    }

    public Config build() {
      return new Config(new LinkedHashMap<>(values));
    }
  }
}
