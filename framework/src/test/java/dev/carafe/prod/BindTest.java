package dev.carafe.prod;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BindTest {
  @Test
  void hostAndPort() {
    assertEquals(new Bind("127.0.0.1", 8000, Optional.empty()), Bind.parse("127.0.0.1:8000"));
  }

  @Test
  void bracketedIpv6() {
    assertEquals(new Bind("::1", 8000, Optional.empty()), Bind.parse("[::1]:8000"));
  }

  @Test
  void unixSocketPath() {
    Bind bind = Bind.parse("unix:run/carafe.sock");
    assertTrue(bind.isUnix());
    assertEquals(Optional.of(Path.of("run/carafe.sock")), bind.unixPath());
  }

  @Test
  void aMissingPortIsRefusedWithAnExample() {
    var e = assertThrows(IllegalArgumentException.class, () -> Bind.parse("localhost"));
    assertTrue(e.getMessage().contains("127.0.0.1:8000"), e.getMessage());
  }

  @Test
  void aPortOutOfRangeIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> Bind.parse("127.0.0.1:70000"));
  }
}
