package dev.carafe.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CookieSignerTest {
  private static final long NOW = 1_750_000_000L;
  private static final long DAY = 86_400L;
  private static final byte[] PAYLOAD = "{\"user_id\":7}".getBytes(StandardCharsets.UTF_8);

  private final CookieSigner signer = new CookieSigner(List.of("current-secret"), "session");

  @Test
  void signedValueVerifiesWithinItsMaxAge() {
    String value = signer.sign(PAYLOAD, NOW);
    var verified = signer.verify(value, NOW + DAY - 1, DAY).orElseThrow();
    assertArrayEquals(PAYLOAD, verified.payload());
    assertEquals(NOW, verified.signedAt());
    assertTrue(verified.signedWithCurrentKey());
  }

  @Test
  void valueOlderThanMaxAgeDoesNotVerify() {
    String value = signer.sign(PAYLOAD, NOW);
    assertTrue(signer.verify(value, NOW + DAY + 1, DAY).isEmpty());
  }

  @Test
  void valueFromTheFutureVerifiesOnlyWithinClockSkew() {
    assertTrue(signer.verify(signer.sign(PAYLOAD, NOW + 30), NOW, DAY).isPresent());
    assertTrue(signer.verify(signer.sign(PAYLOAD, NOW + 3600), NOW, DAY).isEmpty());
    assertTrue(signer.verify(signer.sign(PAYLOAD, -DAY), NOW, Long.MAX_VALUE).isEmpty());
  }

  @Test
  void anyChangedCharacterBreaksTheSignature() {
    String value = signer.sign(PAYLOAD, NOW);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      String changed = value.substring(0, i) + (c == 'A' ? 'B' : 'A') + value.substring(i + 1);
      assertTrue(signer.verify(changed, NOW, DAY).isEmpty(), "accepted a change at " + i);
    }
  }

  @Test
  void valueSignedWithAFallbackKeyVerifiesAsOld() {
    CookieSigner old = new CookieSigner(List.of("old-secret"), "session");
    CookieSigner rotated = new CookieSigner(List.of("new-secret", "old-secret"), "session");
    var verified = rotated.verify(old.sign(PAYLOAD, NOW), NOW, DAY).orElseThrow();
    assertArrayEquals(PAYLOAD, verified.payload());
    assertFalse(verified.signedWithCurrentKey());
  }

  @Test
  void foreignKeyOrOtherPurposeDoesNotVerify() {
    String foreign = new CookieSigner(List.of("someone-else"), "session").sign(PAYLOAD, NOW);
    String otherPurpose = new CookieSigner(List.of("current-secret"), "reset").sign(PAYLOAD, NOW);
    assertTrue(signer.verify(foreign, NOW, DAY).isEmpty());
    assertTrue(signer.verify(otherPurpose, NOW, DAY).isEmpty());
  }

  @Test
  void malformedValuesDoNotVerify() {
    for (String value :
        List.of(
            "", ".", "..", "abc", "a.b", "a.b.c", "a..c", "!!!.zz.??", "e30.zzzzzzzzzzzzzzz.x")) {
      assertTrue(signer.verify(value, NOW, DAY).isEmpty(), value);
    }
  }
}
