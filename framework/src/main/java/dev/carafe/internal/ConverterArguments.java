package dev.carafe.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The arguments of a converter in a rule, such as {@code min=1, max=100} in {@code <int(min=1,
 * max=100):n>}, read as Werkzeug reads them (Python literals: {@code True}, {@code False}, {@code
 * None}, numbers, quoted strings and bare words) and bound to the converter's parameters. What
 * Werkzeug would skip silently or fail on at request time (an unknown name, a value of the wrong
 * type, text that is no argument at all) is refused here, at registration.
 */
final class ConverterArguments {
  private static final Pattern ARGUMENT =
      Pattern.compile(
          "\\s*(?:(?<name>\\w+)\\s*=\\s*)?"
              + "(?<value>-?\\d+\\.\\d*|-?\\d+|[\\w.]+|[urUR]?(?:\"(?<dq>[^\"]*)\"|'(?<sq>[^']*)'))"
              + "\\s*(?:,|$)");

  /** An argument's value as Python reads it: Boolean, BigInteger, BigDecimal, String or null. */
  private record Value(String text, Object value) {}

  private final String rule;
  private final String converter;
  private final List<Value> positional = new ArrayList<>();
  private final Map<String, Value> named = new LinkedHashMap<>();

  private ConverterArguments(String rule, String converter) {
    this.rule = rule;
    this.converter = converter;
  }

  /** Reads {@code text}, the part between the converter's parentheses (null when none). */
  static ConverterArguments parse(String rule, String converter, String text) {
    ConverterArguments args = new ConverterArguments(rule, converter);
    if (text == null || text.isBlank()) {
      return args;
    }
    Matcher m = ARGUMENT.matcher(text);
    int at = 0;
    while (at < text.length()) {
      if (!m.find(at) || m.start() != at || m.end() == at) {
        throw args.refused(
            "cannot read its arguments '"
                + text
                + "'. Write them as in Flask, e.g. <int(min=1, max=100):id> or <any(about, help):page>.");
      }
      Value value = new Value(m.group("value"), pythonize(m));
      String name = m.group("name");
      if (name == null) {
        if (!args.named.isEmpty()) {
          throw args.refused("a positional argument follows a named one in '" + text + "'.");
        }
        args.positional.add(value);
      } else if (args.named.put(name, value) != null) {
        throw args.refused("names '" + name + "' twice.");
      }
      at = m.end();
    }
    return args;
  }

  private static Object pythonize(Matcher m) {
    String text = m.group("value");
    if (m.group("dq") != null || m.group("sq") != null) {
      return m.group("dq") != null ? m.group("dq") : m.group("sq");
    }
    switch (text) {
      case "True":
        return Boolean.TRUE;
      case "False":
        return Boolean.FALSE;
      case "None":
        return null;
      default:
        break;
    }
    if (text.matches("-?\\d+")) {
      return new BigInteger(text);
    }
    if (text.matches("-?\\d+\\.\\d*")) {
      return new BigDecimal(text.endsWith(".") ? text + "0" : text);
    }
    return text;
  }

  /** The positional arguments as text, for {@code any(a, b)}; named ones are refused. */
  List<String> items() {
    if (!named.isEmpty()) {
      throw refused("takes its choices as plain values, e.g. <any(about, help):page>.");
    }
    return positional.stream().map(v -> v.value() instanceof String s ? s : v.text()).toList();
  }

  /**
   * Binds the arguments to {@code parameters}, Werkzeug's names in its order (positional arguments
   * fill them in that order), refusing any other name.
   */
  Map<String, Object> bind(List<String> parameters) {
    if (positional.size() > parameters.size()) {
      throw refused(
          parameters.isEmpty()
              ? "takes no arguments."
              : "takes at most " + parameters.size() + " arguments: " + parameters + ".");
    }
    Map<String, Object> bound = new LinkedHashMap<>();
    for (int i = 0; i < positional.size(); i++) {
      bound.put(parameters.get(i), positional.get(i).value());
    }
    for (Map.Entry<String, Value> e : named.entrySet()) {
      if (!parameters.contains(e.getKey())) {
        throw refused(
            "has no argument '"
                + e.getKey()
                + "'; "
                + (parameters.isEmpty()
                    ? "it takes none."
                    : "its arguments are " + parameters + "."));
      }
      if (bound.containsKey(e.getKey())) {
        throw refused("gets '" + e.getKey() + "' twice, by position and by name.");
      }
      bound.put(e.getKey(), e.getValue().value());
    }
    return bound;
  }

  /** An integer argument, or {@code fallback} when absent or None. */
  BigInteger integer(Map<String, Object> bound, String name, BigInteger fallback) {
    Object value = bound.get(name);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof BigInteger i)) {
      throw refused(name + " takes an integer, not " + show(value) + ".");
    }
    return i;
  }

  /** A non-negative integer argument that fits an int (a length or a digit count). */
  Integer count(Map<String, Object> bound, String name, Integer fallback) {
    BigInteger value = integer(bound, name, fallback == null ? null : BigInteger.valueOf(fallback));
    if (value == null) {
      return null;
    }
    if (value.signum() < 0 || value.bitLength() > 16) {
      throw refused(name + " takes a count from 0 to 65535, not " + value + ".");
    }
    return value.intValue();
  }

  /** A number argument (integer or decimal), or null. */
  BigDecimal number(Map<String, Object> bound, String name) {
    Object value = bound.get(name);
    if (value == null) {
      return null;
    }
    if (value instanceof BigInteger i) {
      return new BigDecimal(i);
    }
    if (!(value instanceof BigDecimal d)) {
      throw refused(name + " takes a number, not " + show(value) + ".");
    }
    return d;
  }

  /** A True/False argument. */
  boolean flag(Map<String, Object> bound, String name) {
    Object value = bound.get(name);
    if (value == null) {
      return false;
    }
    if (!(value instanceof Boolean b)) {
      throw refused(name + " takes True or False, not " + show(value) + ".");
    }
    return b;
  }

  IllegalArgumentException refused(String problem) {
    return new IllegalArgumentException(
        "Rule '" + rule + "': the converter " + converter + " " + problem);
  }

  private static String show(Object value) {
    return value instanceof String s ? "'" + s + "'" : String.valueOf(value);
  }
}
