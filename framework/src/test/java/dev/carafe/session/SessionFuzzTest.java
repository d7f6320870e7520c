package dev.carafe.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.carafe.Carafe;
import dev.carafe.Config;
import java.util.List;
import java.util.Optional;

/**
 * Fuzz targets for the session cookie, the one value every client sends that Carafe decodes: a
 * cookie is either the session it was signed as or ignored, never an error. {@code mvn verify}
 * replays the corpus in src/test/resources/dev/carafe/session/SessionFuzzTestInputs; {@code
 * bench/fuzz.sh SessionFuzzTest} runs them for real.
 */
class SessionFuzzTest {
  private static final long NOW = 1_750_000_000L;
  private static final long DAY = 86_400L;
  private static final SessionStore STORE =
      SessionStore.of(
          Carafe.create(Config.builder().set("secret_key", "fuzzing-secret-key-0123456").build()));
  private static final CookieSigner SIGNER =
      new CookieSigner(List.of("current-secret", "old-secret"), "carafe.session");

  @FuzzTest(maxDuration = "60s")
  void anyCookieLoadsOrIsIgnored(FuzzedDataProvider data) {
    assertNotNull(STORE.load(Optional.of(data.consumeRemainingAsString())).data());
  }

  /** Validly signed but arbitrary payloads: only a JSON object within the limits becomes data. */
  @FuzzTest(maxDuration = "60s")
  void signedGarbageLoadsOrIsIgnored(FuzzedDataProvider data) {
    String cookie = STORE.signer().sign(data.consumeRemainingAsBytes(), NOW);
    assertNotNull(STORE.load(Optional.of(cookie)).data());
  }

  @FuzzTest(maxDuration = "60s")
  void signedValuesVerifyAndTamperedOnesDoNot(FuzzedDataProvider data) {
    long signedAt = data.consumeLong(0, NOW);
    int position = data.consumeInt();
    byte[] payload = data.consumeRemainingAsBytes();
    String value = SIGNER.sign(payload, signedAt);
    assertArrayEquals(payload, SIGNER.verify(value, signedAt, DAY).orElseThrow().payload());

    // Swap one character of the signed part (payload or timestamp) for another URL-safe one.
    String signedPart = value.substring(0, value.lastIndexOf('.'));
    int at = Math.floorMod(position, signedPart.length());
    char swapped = signedPart.charAt(at) == 'x' ? 'y' : 'x';
    String tampered = value.substring(0, at) + swapped + value.substring(at + 1);
    assertTrue(SIGNER.verify(tampered, signedAt, DAY).isEmpty(), tampered);
  }

  @FuzzTest(maxDuration = "60s")
  void sessionSettingsParseOrExplain(FuzzedDataProvider data) {
    Config config =
        Config.builder()
            .set("permanent_session_lifetime", data.consumeString(24))
            .set("session_cookie_samesite", data.consumeString(8))
            .set("session_cookie_secure", data.consumeString(8))
            .set("session_cookie_name", data.consumeRemainingAsString())
            .build();
    SessionSettings settings;
    try {
      settings = SessionSettings.from(config);
    } catch (IllegalArgumentException explained) {
      assertNotNull(explained.getMessage());
      return;
    }
    assertFalse(settings.permanentLifetime().isNegative());
    assertFalse(settings.cookieName().isEmpty());
  }

  @FuzzTest(maxDuration = "60s")
  void anyValueVerifiesOrIsRefused(FuzzedDataProvider data) {
    long now = data.consumeLong();
    long maxAge = data.consumeLong(0, Long.MAX_VALUE);
    assertNotNull(SIGNER.verify(data.consumeRemainingAsString(), now, maxAge));
  }
}
