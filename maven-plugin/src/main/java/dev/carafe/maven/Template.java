package dev.carafe.maven;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A text file shipped in this plugin's jar, with {@code @KEY@} placeholders to fill. */
final class Template {
  private static final Pattern PLACEHOLDER = Pattern.compile("@([A-Z_]+)@");

  private Template() {}

  /** The resource {@code name} beside this class, as text. */
  static String resource(String name) {
    try (InputStream in = Template.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("The plugin jar lacks " + name + ": rebuild the plugin.");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Replaces each {@code @KEY@} of {@code text} by its value, in one pass (values are not scanned
   * again); a placeholder without a value is a bug in the template.
   */
  static String fill(String text, Map<String, String> values) {
    Matcher matcher = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String value = values.get(matcher.group(1));
      if (value == null) {
        throw new IllegalStateException("No value for " + matcher.group() + " in a template");
      }
      matcher.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    matcher.appendTail(out);
    return out.toString();
  }
}
