package dev.carafe.docs.tutorial.auth;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.spec.KeySpec;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Password hashing with PBKDF2-HMAC-SHA256 from the JDK: a random salt per password and OWASP's
 * 600,000 iterations, stored with the count ({@code pbkdf2_sha256$600000$salt$hash}) so it can be
 * raised later without breaking old hashes.
 */
final class Passwords {
  static final int ITERATIONS = 600_000;
  private static final String ALGORITHM = "PBKDF2WithHmacSHA256";
  private static final int SALT_BYTES = 16;
  private static final int HASH_BITS = 256;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder ENCODER = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getDecoder();

  private Passwords() {}

  static String hash(String password) {
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    return "pbkdf2_sha256$"
        + ITERATIONS
        + "$"
        + ENCODER.encodeToString(salt)
        + "$"
        + ENCODER.encodeToString(derive(password, salt, ITERATIONS));
  }

  /** True when {@code password} matches the stored hash; compares in constant time. */
  static boolean verify(String password, String stored) {
    String[] parts = stored.split("\\$");
    if (parts.length != 4 || !parts[0].equals("pbkdf2_sha256")) {
      return false;
    }
    try {
      byte[] expected = DECODER.decode(parts[3]);
      byte[] actual = derive(password, DECODER.decode(parts[2]), Integer.parseInt(parts[1]));
      return MessageDigest.isEqual(expected, actual);
    } catch (IllegalArgumentException malformed) {
      return false;
    }
  }

  /** Spends the time of a real check, so a login cannot tell unknown names from wrong passwords. */
  static void verifyDecoy(String password) {
    verify(password, Decoy.HASH);
  }

  /** Made on first use, so starting the app costs no hashing. */
  private static final class Decoy {
    static final String HASH = hash("a decoy password that is never anyone's");
  }

  private static byte[] derive(String password, byte[] salt, int iterations) {
    KeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, HASH_BITS);
    try {
      return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(ALGORITHM + " is part of every JDK", e);
    }
  }
}
