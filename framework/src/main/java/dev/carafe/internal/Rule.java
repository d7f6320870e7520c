package dev.carafe.internal;

import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed Flask rule such as {@code /users/<int:id>/posts/<path:rest>}: matches decoded request
 * paths and builds URLs back from values. Parsing happens once, at registration; the options Flask
 * passes to {@code @app.route} ({@code strict_slashes}, {@code defaults}) are set while the app is
 * set up and only read once it serves.
 *
 * <p>Longer than most files here because matching a path and building one are the two directions of
 * the same parsed parts, as in Werkzeug's {@code Rule}; the converters live in {@link Converter}.
 */
public final class Rule implements Comparable<Rule> {
  private static final Pattern PLACEHOLDER =
      Pattern.compile(
          "<(?:(?<conv>[A-Za-z_][A-Za-z0-9_]*)(?:\\((?<args>[^)]*)\\))?:)?"
              + "(?<name>[A-Za-z_][A-Za-z0-9_]*)>");

  private final String text;
  private final List<Part> parts;
  private final Pattern pattern;
  private final Pattern slashless;
  private final String staticPath;
  private final List<String> variables;
  private boolean strictSlashes = true;
  private Map<String, Object> defaults = Map.of();

  /** A literal run of the rule, or a variable with its converter and its compiled value regex. */
  private record Part(String literal, String name, Converter converter, Pattern value) {
    boolean isLiteral() {
      return name == null;
    }
  }

  private Rule(String text, List<Part> parts) {
    this.text = text;
    this.parts = parts;
    List<String> names = new ArrayList<>();
    for (Part part : parts) {
      if (!part.isLiteral()) {
        names.add(part.name);
      }
    }
    this.variables = List.copyOf(names);
    this.staticPath = names.isEmpty() ? text : null;
    this.pattern = Pattern.compile(regex(false));
    // The rule asked for without its trailing slash, which Werkzeug redirects to the rule.
    this.slashless = endsWithSlash() ? Pattern.compile(regex(true)) : null;
  }

  /** The rule's regex, or the regex of the rule less its trailing slash. */
  private String regex(boolean withoutTrailingSlash) {
    StringBuilder regex = new StringBuilder("^");
    for (int i = 0; i < parts.size(); i++) {
      Part part = parts.get(i);
      if (!part.isLiteral()) {
        regex.append("(").append(part.converter.regex).append(")");
      } else if (withoutTrailingSlash && i == parts.size() - 1) {
        regex.append(Pattern.quote(part.literal.substring(0, part.literal.length() - 1)));
      } else {
        regex.append(Pattern.quote(part.literal));
      }
    }
    return regex.append("$").toString();
  }

  /** Parses a rule; a malformed rule or converter fails with a message that names the fix. */
  public static Rule parse(String text) {
    if (text == null || !text.startsWith("/")) {
      throw new IllegalArgumentException("Rule '" + text + "' must start with '/'.");
    }
    List<Part> parts = new ArrayList<>();
    List<String> seen = new ArrayList<>();
    Matcher m = PLACEHOLDER.matcher(text);
    int at = 0;
    while (m.find()) {
      if (m.start() > at) {
        parts.add(literal(text, text.substring(at, m.start())));
      }
      String name = m.group("name");
      if (seen.contains(name)) {
        throw new IllegalArgumentException(
            "Rule '" + text + "' uses the variable name '" + name + "' twice.");
      }
      seen.add(name);
      String convName = m.group("conv") == null ? "default" : m.group("conv");
      Converter converter = Converter.of(text, convName, m.group("args"));
      parts.add(new Part(null, name, converter, Pattern.compile(converter.regex)));
      at = m.end();
    }
    if (at < text.length()) {
      parts.add(literal(text, text.substring(at)));
    }
    return new Rule(text, List.copyOf(parts));
  }

  private static Part literal(String rule, String literal) {
    if (literal.indexOf('<') >= 0 || literal.indexOf('>') >= 0) {
      throw new IllegalArgumentException(
          "Rule '"
              + rule
              + "' has a malformed variable near '"
              + literal
              + "'. Write variables as <name> or <converter:name>, e.g. <int:id>.");
    }
    return new Part(literal, null, null, null);
  }

  public String text() {
    return text;
  }

  /** The path when the rule has no variables, else null. */
  public String staticPath() {
    return staticPath;
  }

  /** The rule's variables, in order. */
  public List<String> argumentNames() {
    return variables;
  }

  /**
   * Werkzeug's arguments of a rule: its variables and its defaults' names. Two rules of one
   * endpoint with the same arguments are one resource under two URLs.
   */
  public Set<String> arguments() {
    Set<String> all = new LinkedHashSet<>(variables);
    all.addAll(defaults.keySet());
    return all;
  }

  /** True when the rule ends with '/', so Flask redirects the slash-less path to it. */
  public boolean endsWithSlash() {
    return text.endsWith("/") && text.length() > 1;
  }

  /**
   * Werkzeug's {@code strict_slashes} (on by default): off, the rule also serves its path with the
   * trailing slash toggled instead of redirecting (or answering 404).
   */
  public boolean strictSlashes() {
    return strictSlashes;
  }

  public void strictSlashes(boolean strict) {
    this.strictSlashes = strict;
  }

  /** Values the view gets that the rule's path does not carry, Flask's {@code defaults}. */
  public Map<String, Object> defaults() {
    return defaults;
  }

  public void defaults(Map<String, ?> values) {
    Map<String, Object> copy = new LinkedHashMap<>();
    values.forEach(
        (name, value) -> {
          if (name == null || value == null) {
            throw new IllegalArgumentException(
                "Rule '" + text + "': defaults need a name and a value, got " + name + "=" + value);
          }
          copy.put(name, value);
        });
    this.defaults = Collections.unmodifiableMap(copy);
  }

  /**
   * The text of each variable when the decoded path matches the rule's pattern (an empty list for a
   * rule without variables), else null. The converters have not checked the values yet.
   */
  public List<String> texts(String path) {
    if (staticPath != null) {
      return staticPath.equals(path) ? List.of() : null;
    }
    return groups(pattern.matcher(path));
  }

  /**
   * {@link #texts} for the path as the rule would be without its trailing slash ({@code /x} for a
   * rule {@code /x/}); null when the rule has no trailing slash or the path does not match.
   */
  public List<String> textsWithoutSlash(String path) {
    if (slashless == null) {
      return null;
    }
    if (staticPath != null) {
      return path.length() == staticPath.length() - 1 && staticPath.startsWith(path)
          ? List.of()
          : null;
    }
    return groups(slashless.matcher(path));
  }

  private List<String> groups(Matcher m) {
    if (!m.matches()) {
      return null;
    }
    String[] texts = new String[variables.size()];
    for (int i = 0; i < texts.length; i++) {
      texts[i] = m.group(i + 1);
    }
    return Arrays.asList(texts);
  }

  /**
   * The view's values from {@link #texts}: each converted, then the defaults. Null when a converter
   * refuses a value (out of range, wrong length), which Werkzeug answers with a 404.
   */
  public Map<String, Object> convert(List<String> texts) {
    if (texts.isEmpty()) {
      return defaults;
    }
    Map<String, Object> values = new LinkedHashMap<>(texts.size() * 2 + defaults.size() * 2);
    int i = 0;
    for (Part part : parts) {
      if (part.isLiteral()) {
        continue;
      }
      Object value = part.converter.toValue(texts.get(i++));
      if (value == null) {
        return null;
      }
      values.put(part.name, value);
    }
    values.putAll(defaults);
    return values;
  }

  /** Matches and converts a decoded path: the view's values, or null. */
  public Map<String, Object> match(String path) {
    List<String> texts = texts(path);
    return texts == null ? null : convert(texts);
  }

  /**
   * Werkzeug's {@code suitable_for}: the values name every argument the defaults do not give, and
   * agree with the defaults they name.
   */
  public boolean suitableFor(Map<String, ?> values) {
    for (String name : variables) {
      if (values.get(name) == null && !defaults.containsKey(name)) {
        return false;
      }
    }
    for (Map.Entry<String, Object> d : defaults.entrySet()) {
      Object value = values.get(d.getKey());
      if (value != null && !sameValue(value, d.getValue())) {
        return false;
      }
    }
    return true;
  }

  /** The variables {@link #build} lacks among these values, for an error message. */
  public List<String> missing(Map<String, ?> values) {
    return variables.stream()
        .filter(name -> values.get(name) == null && !defaults.containsKey(name))
        .toList();
  }

  /** Python's equality for defaults: numbers by value (1 == 1L == 1.0), else equals. */
  static boolean sameValue(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y) {
      try {
        return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString())) == 0;
      } catch (NumberFormatException notFinite) {
        return x.doubleValue() == y.doubleValue();
      }
    }
    return a.equals(b);
  }

  /**
   * Builds the path for these values; the values the rule does not use become the query string, in
   * the map's order, leaving out null values, {@code _options} and the rule's defaults.
   *
   * @throws IllegalArgumentException when a variable has no value, the converter cannot write a
   *     value, or the URL it writes would not lead back to this rule
   */
  public String build(Map<String, ?> values) {
    StringBuilder path = new StringBuilder();
    for (Part part : parts) {
      if (part.isLiteral()) {
        path.append(part.literal);
        continue;
      }
      Object value = values.get(part.name);
      if (value == null) {
        value = defaults.get(part.name);
      }
      if (value == null) {
        throw new IllegalArgumentException(
            "url_for: rule '" + text + "' needs a value for '" + part.name + "'.");
      }
      String raw;
      try {
        raw = part.converter.toUrl(value);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "url_for: " + e.getMessage() + ", for <" + part.name + "> in rule '" + text + "'.", e);
      }
      // Werkzeug would write the URL and the link would 404; a URL that cannot lead back here is a
      // bug in the caller, so it fails where it is made.
      if (!part.value.matcher(raw).matches() || part.converter.toValue(raw) == null) {
        throw new IllegalArgumentException(
            "url_for: '" + raw + "' does not fit <" + part.name + "> in rule '" + text + "'.");
      }
      path.append(encodePath(raw, part.converter.keepsSlashes()));
    }
    StringBuilder query = new StringBuilder();
    for (Map.Entry<String, ?> e : values.entrySet()) {
      if (e.getValue() == null
          || variables.contains(e.getKey())
          || defaults.containsKey(e.getKey())
          || e.getKey().startsWith("_")) {
        continue;
      }
      Iterable<?> items = e.getValue() instanceof Iterable<?> it ? it : List.of(e.getValue());
      for (Object item : items) {
        if (item != null) {
          query.append(query.length() == 0 ? '?' : '&');
          query.append(encodeQuery(e.getKey())).append('=').append(encodeQuery(item));
        }
      }
    }
    return path.append(query).toString();
  }

  private static String encodeQuery(Object value) {
    return URLEncoder.encode(String.valueOf(value), StandardCharsets.UTF_8);
  }

  /** A decoded path written for a URL, each segment percent-encoded. */
  public static String encodePath(String path) {
    return encodePath(path, true);
  }

  private static String encodePath(String value, boolean keepSlashes) {
    StringJoiner out = new StringJoiner(keepSlashes ? "/" : "%2F");
    for (String segment : value.split("/", -1)) {
      out.add(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
    }
    return out.toString();
  }

  /** Werkzeug's order: more literal text first, then lighter converters, then longer rules. */
  @Override
  public int compareTo(Rule other) {
    int n = Math.min(parts.size(), other.parts.size());
    for (int i = 0; i < n; i++) {
      Part a = parts.get(i);
      Part b = other.parts.get(i);
      if (a.isLiteral() != b.isLiteral()) {
        return a.isLiteral() ? -1 : 1;
      }
      if (a.isLiteral()) {
        if (!a.literal.equals(b.literal)) {
          return Integer.compare(b.literal.length(), a.literal.length());
        }
      } else if (a.converter.weight != b.converter.weight) {
        return Integer.compare(a.converter.weight, b.converter.weight);
      }
    }
    return Integer.compare(other.parts.size(), parts.size());
  }

  @Override
  public String toString() {
    return text;
  }
}
