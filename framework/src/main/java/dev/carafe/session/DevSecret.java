package dev.carafe.session;

import java.security.SecureRandom;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The secret development mode signs with when none is configured: random, made once per process
 * (this class lives in the framework's class loader, so code reloads keep everyone logged in).
 */
final class DevSecret {
  private static final Logger LOG = LoggerFactory.getLogger(DevSecret.class);
  private static final String VALUE = generate();

  private DevSecret() {}

  static String value() {
    return VALUE;
  }

  private static String generate() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    LOG.info(
        "No secret_key is set: sessions are signed with a random key made for this process and"
            + " end when it exits. Set CARAFE_SECRET_KEY (e.g. from `openssl rand -hex 32`) to keep"
            + " them.");
    return HexFormat.of().formatHex(bytes);
  }
}
