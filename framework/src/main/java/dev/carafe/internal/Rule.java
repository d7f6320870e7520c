package dev.carafe.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed Flask rule such as {@code /users/<int:id>/posts/<path:rest>}: matches decoded request
 * paths and builds URLs back from values. Parsing happens once, at registration.
 */
public final class Rule implements Comparable<Rule> {
  private static final Pattern PLACEHOLDER =
      Pattern.compile(
          "<(?:(?<conv>[a-z]+)(?:\\((?<args>[^)]*)\\))?:)?(?<name>[A-Za-z_][A-Za-z0-9_]*)>");

  private final String text;
  private final List<Part> parts;
  private final Pattern pattern;
  private final String staticPath;
  private final List<String> argumentNames;

  /** A literal run of the rule, or a variable with its converter and its compiled value regex. */
  private record Part(String literal, String name, Converter converter, Pattern value) {
    boolean isLiteral() {
      return name == null;
    }
  }

  private Rule(String text, List<Part> parts) {
    this.text = text;
    this.parts = parts;
    StringBuilder regex = new StringBuilder("^");
    List<String> names = new ArrayList<>();
    for (Part part : parts) {
      if (part.isLiteral()) {
        regex.append(Pattern.quote(part.literal));
      } else {
        regex.append("(").append(part.literal).append(")");
        names.add(part.name);
      }
    }
    this.pattern = Pattern.compile(regex.append("$").toString());
    this.argumentNames = List.copyOf(names);
    this.staticPath = names.isEmpty() ? text : null;
  }

  /** Parses a rule; a malformed rule fails with a message that names the problem. */
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
      String convName = m.group("conv") == null ? "string" : m.group("conv");
      Converter converter = Converter.named(convName, text);
      List<String> choices = choices(m.group("args"));
      if (converter == Converter.ANY && choices.isEmpty()) {
        throw new IllegalArgumentException(
            "Rule '" + text + "': any() needs choices, e.g. <any(about,help):page>.");
      }
      String valueRegex = converter.regex(choices);
      parts.add(new Part(valueRegex, name, converter, Pattern.compile(valueRegex)));
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

  private static List<String> choices(String args) {
    if (args == null || args.isBlank()) {
      return List.of();
    }
    List<String> choices = new ArrayList<>();
    for (String choice : args.split(",")) {
      String trimmed = choice.trim();
      if (trimmed.length() >= 2 && (trimmed.startsWith("'") || trimmed.startsWith("\""))) {
        trimmed = trimmed.substring(1, trimmed.length() - 1);
      }
      if (!trimmed.isEmpty()) {
        choices.add(trimmed);
      }
    }
    return choices;
  }

  public String text() {
    return text;
  }

  /** The path when the rule has no variables, else null. */
  public String staticPath() {
    return staticPath;
  }

  public List<String> argumentNames() {
    return argumentNames;
  }

  /** True when the rule ends with '/', so Flask redirects the slash-less path to it. */
  public boolean endsWithSlash() {
    return text.endsWith("/") && text.length() > 1;
  }

  /**
   * Matches a decoded path; returns the converted values by name, or null when the path does not
   * match or a value does not convert.
   */
  public Map<String, Object> match(String path) {
    if (staticPath != null) {
      return staticPath.equals(path) ? Collections.emptyMap() : null;
    }
    Matcher m = pattern.matcher(path);
    if (!m.matches()) {
      return null;
    }
    Map<String, Object> values = new LinkedHashMap<>(argumentNames.size() * 2);
    int group = 1;
    for (Part part : parts) {
      if (part.isLiteral()) {
        continue;
      }
      Object value = part.converter.convert(m.group(group++));
      if (value == null) {
        return null;
      }
      values.put(part.name, value);
    }
    return values;
  }

  /**
   * Builds the path for these values; values the rule does not use become the query string.
   *
   * @throws IllegalArgumentException when a variable has no value or a value does not fit
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
        throw new IllegalArgumentException(
            "url_for: rule '" + text + "' needs a value for '" + part.name + "'.");
      }
      String raw = String.valueOf(value);
      if (!part.value.matcher(raw).matches()) {
        throw new IllegalArgumentException(
            "url_for: '" + raw + "' does not fit <" + part.name + "> in rule '" + text + "'.");
      }
      path.append(encodePath(raw, part.converter == Converter.PATH));
    }
    StringBuilder query = new StringBuilder();
    for (Map.Entry<String, ?> e : values.entrySet()) {
      if (argumentNames.contains(e.getKey()) || e.getKey().startsWith("_")) {
        continue;
      }
      Iterable<?> items = e.getValue() instanceof Iterable<?> it ? it : List.of(e.getValue());
      for (Object item : items) {
        query.append(query.length() == 0 ? '?' : '&');
        query.append(encodeQuery(e.getKey())).append('=').append(encodeQuery(item));
      }
    }
    return path.append(query).toString();
  }

  private static String encodeQuery(Object value) {
    return URLEncoder.encode(String.valueOf(value), StandardCharsets.UTF_8);
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
