package dev.carafe.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SessionSettingsTest {
  @Test
  void lifetimesAreSecondsOrANumberWithAUnit() {
    assertEquals(Duration.ofSeconds(3600), SessionSettings.duration("k", "3600"));
    assertEquals(Duration.ofMinutes(90), SessionSettings.duration("k", " 90m "));
    assertEquals(Duration.ofDays(31), SessionSettings.duration("k", "31D"));
  }

  /** Each of these once escaped as an exception that named no setting (found by fuzzing). */
  @Test
  void emptyNegativeOrOverflowingLifetimesAreRefusedWithTheKey() {
    for (String bad : new String[] {"", "  ", "-5", "-1d", "9999999999999999d", "d", "12x"}) {
      IllegalArgumentException refused =
          assertThrows(
              IllegalArgumentException.class,
              () -> SessionSettings.duration("permanent_session_lifetime", bad),
              "accepted '" + bad + "'");
      assertTrue(refused.getMessage().startsWith("permanent_session_lifetime must be"), bad);
    }
  }
}
