package dev.carafe;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The configuration reference may not drift from the code: every key Carafe reads is documented.
 */
class ConfigReferenceDocTest {
  private static final java.util.regex.Pattern READ =
      java.util.regex.Pattern.compile(
          "config(?:\\(\\))?\\.(?:get|getInt|getLong|getDouble|getBool|getList|require)\\(\"([a-z_]+)\"");

  @Test
  void everyKeyTheFrameworkReadsIsInTheConfigurationReference() throws Exception {
    String doc = Files.readString(Path.of("../docs/reference/configuration.md"));
    java.util.Set<String> missing = new java.util.TreeSet<>();
    try (var sources = Files.walk(Path.of("src/main/java"))) {
      for (Path source :
          (Iterable<Path>) sources.filter(p -> p.toString().endsWith(".java"))::iterator) {
        var m = READ.matcher(Files.readString(source));
        while (m.find()) {
          if (!doc.contains("| `" + m.group(1) + "` |")) {
            missing.add(m.group(1));
          }
        }
      }
    }
    assertTrue(missing.isEmpty(), "docs/reference/configuration.md does not document " + missing);
  }

  @Test
  void everyDefaultKeyIsInTheConfigurationReference() throws Exception {
    String doc = Files.readString(Path.of("../docs/reference/configuration.md"));
    for (String key : Defaults.VALUES.keySet()) {
      assertTrue(
          doc.contains("| `" + key + "` |"),
          "docs/reference/configuration.md does not document '" + key + "'");
    }
  }
}
