package dev.carafe;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The configuration reference may not drift from the code: every default key is documented. */
class ConfigReferenceDocTest {
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
