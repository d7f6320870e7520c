package dev.carafe.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A Werkzeug URL converter with its arguments: the regex a path value must match, the Java value it
 * becomes, and the text {@code url_for} writes for a value. A value that matches the regex but
 * fails the converter's checks (out of {@code min}/{@code max}, wrong {@code fixed_digits})
 * converts to null, which Werkzeug answers with a 404.
 */
abstract class Converter {
  private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

  final String regex;

  /** Lower weights are tried first, as in Werkzeug: numbers before strings, paths last. */
  final int weight;

  private Converter(String regex, int weight) {
    this.regex = regex;
    this.weight = weight;
  }

  /**
   * The value of a path segment (or segments) that matched {@link #regex}; null fails the match.
   */
  abstract Object toValue(String text);

  /**
   * The URL text of a value, Werkzeug's {@code to_url}; throws IllegalArgumentException for a value
   * the converter cannot write.
   */
  String toUrl(Object value) {
    return String.valueOf(value);
  }

  /** True for {@code path}, whose values keep their slashes in a URL. */
  boolean keepsSlashes() {
    return false;
  }

  /** The converter named in a rule with its arguments, e.g. {@code int} and {@code min=1}. */
  static Converter of(String rule, String name, String argumentText) {
    ConverterArguments args = ConverterArguments.parse(rule, name, argumentText);
    switch (name) {
      case "string", "default":
        Map<String, Object> lengths = args.bind(List.of("minlength", "maxlength", "length"));
        return new Text(
            args.count(lengths, "minlength", 1),
            args.count(lengths, "maxlength", null),
            args.count(lengths, "length", null),
            args);
      case "int":
        Map<String, Object> ints = args.bind(List.of("fixed_digits", "min", "max", "signed"));
        return new Int(
            args.count(ints, "fixed_digits", 0),
            args.integer(ints, "min", null),
            args.integer(ints, "max", null),
            args.flag(ints, "signed"));
      case "float":
        Map<String, Object> floats = args.bind(List.of("min", "max", "signed"));
        return new Decimal(
            args.number(floats, "min"), args.number(floats, "max"), args.flag(floats, "signed"));
      case "path":
        args.bind(List.of());
        return new Path();
      case "uuid":
        args.bind(List.of());
        return new Uuid();
      case "any":
        List<String> items = args.items();
        if (items.isEmpty()) {
          throw args.refused("needs its choices, e.g. <any(about, help):page>.");
        }
        return new Any(items);
      default:
        throw new IllegalArgumentException(
            "Unknown converter '"
                + name
                + "' in rule '"
                + rule
                + "'. Use one of: string, int, float, path, uuid, any(a, b).");
    }
  }

  /** {@code string}: one segment, {@code minlength} (1) to {@code maxlength}, or {@code length}. */
  private static final class Text extends Converter {
    Text(Integer min, Integer max, Integer length, ConverterArguments args) {
      super("[^/]" + lengths(min, max, length, args), 100);
    }

    private static String lengths(
        Integer min, Integer max, Integer length, ConverterArguments args) {
      if (length != null) {
        return "{" + length + "}";
      }
      if (max != null && max < min) {
        throw args.refused("has maxlength " + max + " below minlength " + min + ".");
      }
      return "{" + min + "," + (max == null ? "" : max) + "}";
    }

    @Override
    Object toValue(String text) {
      return text;
    }
  }

  /** {@code int}: digits (a sign with {@code signed=True}), as Long, or BigInteger past long. */
  private static final class Int extends Converter {
    private final int fixedDigits;
    private final BigInteger min;
    private final BigInteger max;

    Int(int fixedDigits, BigInteger min, BigInteger max, boolean signed) {
      super(signed ? "-?\\d+" : "\\d+", 50);
      this.fixedDigits = fixedDigits;
      this.min = min;
      this.max = max;
    }

    @Override
    Object toValue(String text) {
      if (fixedDigits > 0 && text.length() != fixedDigits) {
        return null;
      }
      BigInteger value = new BigInteger(text);
      if ((min != null && value.compareTo(min) < 0) || (max != null && value.compareTo(max) > 0)) {
        return null;
      }
      return value.compareTo(LONG_MIN) >= 0 && value.compareTo(LONG_MAX) <= 0
          ? (Object) value.longValue()
          : value;
    }

    @Override
    String toUrl(Object value) {
      BigInteger number;
      if (value instanceof Long || value instanceof Integer || value instanceof Short) {
        number = BigInteger.valueOf(((Number) value).longValue());
      } else if (value instanceof BigInteger big) {
        number = big;
      } else if (value instanceof String text && text.strip().matches("[+-]?\\d+")) {
        number = new BigInteger(text.strip());
      } else {
        throw new IllegalArgumentException("'" + value + "' is not an integer");
      }
      // Python's zfill: the sign counts towards the width.
      String sign = number.signum() < 0 ? "-" : "";
      String digits = number.abs().toString();
      int width = fixedDigits - sign.length();
      return sign + (digits.length() < width ? "0".repeat(width - digits.length()) : "") + digits;
    }
  }

  /** {@code float}: digits with a decimal point (a sign with {@code signed=True}), as Double. */
  private static final class Decimal extends Converter {
    private final BigDecimal min;
    private final BigDecimal max;

    Decimal(BigDecimal min, BigDecimal max, boolean signed) {
      super(signed ? "-?\\d+\\.\\d+" : "\\d+\\.\\d+", 50);
      this.min = min;
      this.max = max;
    }

    @Override
    Object toValue(String text) {
      double value = Double.parseDouble(text);
      if ((min != null && value < min.doubleValue())
          || (max != null && value > max.doubleValue())) {
        return null;
      }
      return value;
    }

    @Override
    String toUrl(Object value) {
      if (value instanceof Number number && !(value instanceof BigDecimal)) {
        return String.valueOf(number.doubleValue());
      }
      try {
        return String.valueOf(Double.parseDouble(String.valueOf(value).strip()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + value + "' is not a number", e);
      }
    }
  }

  /** {@code path}: one or more segments, slashes included. */
  private static final class Path extends Converter {
    Path() {
      super("[^/].*?", 200);
    }

    @Override
    Object toValue(String text) {
      return text;
    }

    @Override
    boolean keepsSlashes() {
      return true;
    }
  }

  /** {@code uuid}: a UUID in its usual text form. */
  private static final class Uuid extends Converter {
    Uuid() {
      super("[A-Fa-f0-9]{8}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{12}", 100);
    }

    @Override
    Object toValue(String text) {
      return UUID.fromString(text);
    }
  }

  /** {@code any(a, b)}: one of its choices; {@code url_for} refuses any other value. */
  private static final class Any extends Converter {
    private final Set<String> items;

    Any(List<String> items) {
      super(alternatives(items), 100);
      this.items = Set.copyOf(items);
    }

    private static String alternatives(List<String> items) {
      StringBuilder regex = new StringBuilder("(?:");
      for (String item : items) {
        regex.append(regex.length() == 3 ? "" : "|").append(Pattern.quote(item));
      }
      return regex.append(")").toString();
    }

    @Override
    Object toValue(String text) {
      return text;
    }

    @Override
    String toUrl(Object value) {
      String text = String.valueOf(value);
      if (!items.contains(text)) {
        throw new IllegalArgumentException("'" + text + "' is not one of " + new TreeSet<>(items));
      }
      return text;
    }
  }
}
