package dev.carafe.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The configuration reference documents the database's settings as this module reads them, as the
 * framework's own test does for Carafe's keys: a key read here and missing there, or a default that
 * differs, fails the build.
 */
class ConfigReferenceDocTest {
  private static final Pattern READ =
      Pattern.compile(
          "config(?:\\(\\))?\\.(?:get|getInt|getLong|getDouble|getBool|getList|require)\\(\"([a-z_]+)\"");

  private static String reference() throws IOException {
    return Files.readString(Path.of("../docs/reference/configuration.md"));
  }

  @Test
  void everyKeyTheDatabaseReadsIsInTheConfigurationReference() throws IOException {
    String doc = reference();
    Set<String> read = new TreeSet<>();
    try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
      for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
        Matcher m = READ.matcher(Files.readString(source));
        while (m.find()) {
          read.add(m.group(1));
        }
      }
    }
    assertFalse(read.isEmpty(), "found no configuration key read in src/main/java");
    Set<String> missing = new TreeSet<>();
    for (String key : read) {
      if (!doc.contains("| `" + key + "` |")) {
        missing.add(key);
      }
    }
    assertTrue(missing.isEmpty(), "docs/reference/configuration.md does not document " + missing);
  }

  @Test
  void theReferenceStatesTheDatabaseDefaults() throws IOException {
    String doc = reference();
    assertEquals(
        Set.of(
            "| `database_url` | `" + DatabaseSettings.DEFAULT_URL + "` |",
            "| `database_pool_size` | `" + DatabaseSettings.DEFAULT_POOL_SIZE + "` |"),
        Set.of(row(doc, "database_url"), row(doc, "database_pool_size")));
  }

  /** The key's row of the reference, up to its default. */
  private static String row(String doc, String key) {
    Matcher row = Pattern.compile("\\| `" + key + "` \\| [^|]* \\|").matcher(doc);
    return row.find() ? row.group() : "(no row for " + key + ")";
  }
}
