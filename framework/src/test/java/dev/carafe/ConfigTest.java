package dev.carafe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigTest {
  @TempDir Path dir;

  private Path file(String text) throws Exception {
    Path file = dir.resolve("carafe.properties");
    Files.writeString(file, text);
    return file;
  }

  @Test
  void laterLayersWinFileThenEnvironmentThenFlags() throws Exception {
    Path file = file("port=6000\nworkers=3\nname=file\n");
    Config config =
        Config.load(
            Optional.of(file),
            Map.of("CARAFE_WORKERS", "5", "CARAFE_NAME", "env"),
            Map.of("--name", "flag"));
    assertEquals(6000, config.getInt("port", 0));
    assertEquals(5, config.getInt("workers", 0));
    assertEquals("flag", config.get("name", ""));
    assertEquals(Config.Source.FLAG, config.source("name").orElseThrow());
    assertEquals(Config.Source.ENVIRONMENT, config.source("workers").orElseThrow());
    assertEquals(Config.Source.FILE, config.source("port").orElseThrow());
  }

  @Test
  void defaultsApplyWhenNothingElseIsSet() {
    Config config = Config.defaults();
    assertEquals("127.0.0.1", config.get("host", ""));
    assertEquals(5000, config.getInt("port", 0));
    assertEquals(Config.Source.DEFAULT, config.source("port").orElseThrow());
  }

  @Test
  void environmentWithoutPrefixIsIgnored() {
    Config config = Config.builder().environment(Map.of("PORT", "1", "HOME", "/root")).build();
    assertEquals(5000, config.getInt("port", 0));
    assertFalse(config.get("home").isPresent());
  }

  @Test
  void keySpellingsNormalise() {
    assertEquals("max_requests", Config.key("--max-requests"));
    assertEquals("max_requests", Config.key("CARAFE_MAX_REQUESTS"));
    assertEquals("CARAFE_MAX_REQUESTS", Config.environmentName("max-requests"));
  }

  @Test
  void typedGettersNameTheKeyOnBadValues() {
    Config config = Config.builder().set("workers", "many").set("debug", "maybe").build();
    var e = assertThrows(IllegalArgumentException.class, () -> config.getInt("workers", 1));
    assertTrue(e.getMessage().contains("'workers' must be a whole number"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> config.getBool("debug", false));
  }

  @Test
  void booleansAcceptCommonSpellings() {
    Config config = Config.builder().set("a", "yes").set("b", "OFF").set("c", "1").build();
    assertTrue(config.getBool("a", false));
    assertFalse(config.getBool("b", true));
    assertTrue(config.getBool("c", false));
  }

  @Test
  void listsAreCommaSeparatedAndTrimmed() {
    Config config = Config.builder().set("hosts", " a, b ,,c ").build();
    assertEquals(List.of("a", "b", "c"), config.getList("hosts"));
  }

  @Test
  void requireNamesKeyEnvironmentVariableAndFlag() {
    var e =
        assertThrows(IllegalStateException.class, () -> Config.defaults().require("database_url"));
    assertTrue(e.getMessage().contains("CARAFE_DATABASE_URL"), e.getMessage());
    assertTrue(e.getMessage().contains("--database-url"), e.getMessage());
  }

  @Test
  void appDefinedKeysAreReadable() throws Exception {
    Config config = Config.load(Optional.of(file("database=blog.sqlite\n")), Map.of(), Map.of());
    assertEquals("blog.sqlite", config.get("database", ""));
  }

  @Test
  void missingNamedFileIsAClearError() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Config.load(Optional.of(dir.resolve("nope.properties")), Map.of(), Map.of()));
    assertTrue(e.getMessage().contains("Cannot read configuration file"), e.getMessage());
  }

  @Test
  void maskedHidesSecretsButShowsOtherValues() {
    Config config =
        Config.builder()
            .set("secret_key", "s3cr3t-value-long-enough")
            .set("db_password", "pw")
            .set("port", "1")
            .build();
    Map<String, String> masked = config.masked();
    assertFalse(masked.get("secret_key").contains("s3cr3t"));
    assertFalse(masked.get("db_password").contains("pw"));
    assertEquals("1", masked.get("port"));
    assertFalse(config.toString().contains("s3cr3t"));
  }

  @Test
  void maskedHidesAPasswordInsideAUrl() {
    Config config =
        Config.builder()
            .set("database_url", "jdbc:postgresql://blog:p@ss:w0rd@db.example:5432/blog")
            .set("backup_url", "jdbc:postgresql://db/blog?user=blog&password=s3cr3t&ssl=true")
            .set("report_url", "jdbc:sqlserver://db;user=blog;sslPassword=k3y;encrypt=true")
            .set("mirror_url", "jdbc:postgresql://blog@db/blog?sslmode=require")
            .build();
    Map<String, String> masked = config.masked();
    assertEquals("jdbc:postgresql://blog:******@db.example:5432/blog", masked.get("database_url"));
    assertEquals(
        "jdbc:postgresql://db/blog?user=blog&password=******&ssl=true", masked.get("backup_url"));
    assertEquals(
        "jdbc:sqlserver://db;user=blog;sslPassword=******;encrypt=true", masked.get("report_url"));
    assertEquals("jdbc:postgresql://blog@db/blog?sslmode=require", masked.get("mirror_url"));
  }

  @Test
  void productionRefusesAMissingSecret() {
    var e =
        assertThrows(IllegalStateException.class, () -> Config.defaults().checkProductionSecret());
    assertTrue(e.getMessage().contains("no secret_key"), e.getMessage());
    assertTrue(e.getMessage().contains("CARAFE_SECRET_KEY"), e.getMessage());
  }

  @Test
  void productionRefusesPlaceholderAndShortSecrets() {
    assertThrows(
        IllegalStateException.class,
        () -> Config.builder().set("secret_key", "changeme").build().checkProductionSecret());
    assertThrows(
        IllegalStateException.class,
        () -> Config.builder().set("secret_key", "dev").build().checkProductionSecret());
    assertThrows(
        IllegalStateException.class,
        () -> Config.builder().set("secret_key", "short-but-real").build().checkProductionSecret());
  }

  @Test
  void productionAcceptsARealSecret() {
    Config.builder()
        .set("secret_key", "9f1c2b7a8e3d4c5b6a7f8e9d0c1b2a3f")
        .build()
        .checkProductionSecret();
  }

  @Test
  void withReturnsACopyAndLeavesTheOriginal() {
    Config original = Config.defaults();
    Config changed = original.with("port", "9");
    assertEquals(9, changed.getInt("port", 0));
    assertEquals(5000, original.getInt("port", 0));
  }
}
