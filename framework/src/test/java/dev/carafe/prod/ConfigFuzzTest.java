package dev.carafe.prod;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.carafe.Config;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Fuzz targets for configuration, which deployers write by hand: any carafe.properties file,
 * variable or flag either gives settings a server can run with or an error that says what is wrong
 * — never a stack trace from deep inside, never a zero timeout. {@code mvn verify} replays the
 * corpus in src/test/resources/dev/carafe/prod/ConfigFuzzTestInputs; {@code bench/fuzz.sh
 * ConfigFuzzTest} runs them for real.
 */
class ConfigFuzzTest {
  private static final String[] KEYS = {
    "workers",
    "threads",
    "bind",
    "timeout",
    "request_timeout",
    "graceful_timeout",
    "max_requests",
    "max_requests_jitter",
    "with_nginx",
    "warmup_requests",
    "warmup_paths",
    "warmup_time",
    "serve_within",
    "worker_jvm_options",
    "access_log",
    "idle_timeout",
    "header_timeout",
    "gzip",
    "aot_cache",
    "pid"
  };
  private static final Path FILE = temporaryFile();

  /** A properties file as a deployer might mistype it: escapes, continuations, odd bytes. */
  @FuzzTest(maxDuration = "60s")
  void anyPropertiesFileGivesSettingsOrExplains(FuzzedDataProvider data) throws IOException {
    Files.write(FILE, data.consumeRemainingAsBytes());
    Config config;
    try {
      config = Config.builder().file(FILE).build();
    } catch (IllegalArgumentException unreadable) {
      assertNotNull(unreadable.getMessage());
      return;
    }
    settingsOrExplanation(config);
  }

  /** Known keys with arbitrary values, spelled as variables and flags. */
  @FuzzTest(maxDuration = "60s")
  void anyValuesGiveSettingsOrExplain(FuzzedDataProvider data) {
    String variable = Config.environmentName(data.pickValue(KEYS));
    String variableValue = data.consumeString(40);
    String flag = "--" + data.pickValue(KEYS).replace('_', '-');
    Config config =
        Config.builder()
            .environment(Map.of(variable, variableValue))
            .flags(Map.of(flag, data.consumeRemainingAsString()))
            .build();
    settingsOrExplanation(config);
  }

  private static void settingsOrExplanation(Config config) {
    ProdConfig settings;
    try {
      settings = ProdConfig.from(config);
    } catch (IllegalArgumentException explained) {
      assertNotNull(explained.getMessage());
      return;
    }
    assertTrue(settings.workers() >= 1);
    assertTrue(settings.bind().isUnix() || settings.bind().port() > 0);
    for (Duration d :
        new Duration[] {
          settings.timeout(),
          settings.requestTimeout(),
          settings.gracefulTimeout(),
          settings.idleTimeout(),
          settings.headerTimeout()
        }) {
      assertTrue(d.toMillis() > 0, "a zero or negative timeout: " + d);
    }
    settings.aotCache().ifPresent(folder -> assertTrue(folder.isAbsolute(), folder.toString()));
    assertNotNull(config.masked());
  }

  private static Path temporaryFile() {
    try {
      Path file = Files.createTempFile("carafe-fuzz", ".properties");
      file.toFile().deleteOnExit();
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
