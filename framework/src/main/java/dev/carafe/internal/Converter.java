package dev.carafe.internal;

import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A Flask URL converter: the regex a path value must match and the Java value it becomes. A value
 * that matches the regex but does not convert (an int too large for Java) makes the rule not match.
 */
enum Converter {
  STRING("[^/]+", 100),
  INT("\\d+", 50),
  FLOAT("\\d+\\.\\d+", 50),
  PATH("[^/].*?", 200),
  UUID_("[A-Fa-f0-9]{8}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{12}", 100),
  ANY("", 100);

  private final String regex;

  /** Lower weights are tried first, as in Werkzeug: numbers before strings, paths last. */
  final int weight;

  Converter(String regex, int weight) {
    this.regex = regex;
    this.weight = weight;
  }

  /** The converter named in a rule, e.g. {@code int} in {@code <int:id>}. */
  static Converter named(String name, String rule) {
    return switch (name) {
      case "string", "default" -> STRING;
      case "int" -> INT;
      case "float" -> FLOAT;
      case "path" -> PATH;
      case "uuid" -> UUID_;
      case "any" -> ANY;
      default ->
          throw new IllegalArgumentException(
              "Unknown converter '"
                  + name
                  + "' in rule '"
                  + rule
                  + "'. Use one of: string, int, float, path, uuid, any(a,b).");
    };
  }

  String regex(List<String> choices) {
    if (this != ANY) {
      return regex;
    }
    StringBuilder alternatives = new StringBuilder();
    for (String choice : choices) {
      alternatives.append(alternatives.length() == 0 ? "" : "|").append(Pattern.quote(choice));
    }
    return alternatives.toString();
  }

  /** Converts a matched value; returns null when the value is out of range for the Java type. */
  Object convert(String value) {
    switch (this) {
      case INT:
        try {
          return Integer.parseInt(value);
        } catch (NumberFormatException tooLarge) {
          return null;
        }
      case FLOAT:
        return Double.parseDouble(value);
      case UUID_:
        return UUID.fromString(value);
      default:
        return value;
    }
  }
}
