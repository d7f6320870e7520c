package dev.carafe.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectConfigTest {
  @TempDir Path tmp;

  @Test
  void thePluginsAppWinsOverCarafeProperties() throws Exception {
    Files.writeString(tmp.resolve("carafe.properties"), "app=com.example.FromFile\n");
    ProjectConfig config = ProjectConfig.load(tmp);
    assertEquals("com.example.FromPom", config.app(Optional.of("com.example.FromPom")));
    assertEquals("com.example.FromFile", config.app(Optional.empty()));
    assertEquals("com.example.FromFile", config.app(Optional.of(" ")));
  }

  @Test
  void noAppAnywhereFailsNamingBothPlaces() throws Exception {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> ProjectConfig.load(tmp).app(Optional.empty()));
    assertTrue(e.getMessage().contains("carafe.properties"), e.getMessage());
    assertTrue(e.getMessage().contains("<app>"), e.getMessage());
  }

  @Test
  void aSecretKeyCountsFromTheEnvironmentOrTheFile() throws Exception {
    assertFalse(ProjectConfig.load(tmp).hasSecretKey(Map.of()));
    assertFalse(ProjectConfig.load(tmp).hasSecretKey(Map.of("CARAFE_SECRET_KEY", " ")));
    assertTrue(ProjectConfig.load(tmp).hasSecretKey(Map.of("CARAFE_SECRET_KEY", "k")));
    Files.writeString(tmp.resolve("carafe.properties"), "secret_key=abc\n");
    assertTrue(ProjectConfig.load(tmp).hasSecretKey(Map.of()));
  }

  @Test
  void aRandomSecretKeyIs64HexDigitsAndNewEachTime() {
    String key = ProjectConfig.randomSecretKey();
    assertTrue(key.matches("[0-9a-f]{64}"), key);
    assertNotEquals(key, ProjectConfig.randomSecretKey());
  }
}
