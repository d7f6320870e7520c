package dev.carafe.session;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and verifies timestamped values with HMAC-SHA256, as itsdangerous does for Flask: {@code
 * payload.timestamp.signature}, all URL-safe. The first secret signs; the others (fallbacks) still
 * verify, so keys can be rotated without logging everyone out. No I/O, no clock: callers pass the
 * time.
 */
final class CookieSigner {
  private static final String ALGORITHM = "HmacSHA256";
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  /**
   * Hosts sharing a secret may disagree on the time by a little; a value signed further in the
   * future than this was not signed by any of them.
   */
  private static final long CLOCK_SKEW_SECONDS = 60;

  /** A verified value: its payload, when it was signed, and whether the current key signed it. */
  record Verified(byte[] payload, long signedAt, boolean signedWithCurrentKey) {}

  /** One initialised Mac per key, never used itself: each signature works on a clone. */
  private final List<Mac> keys = new ArrayList<>();

  /**
   * A signer for these secrets, current first. Each secret is turned into a key for this {@code
   * purpose}, so the same secret_key signing something else can never produce a valid cookie.
   */
  CookieSigner(List<String> secrets, String purpose) {
    if (secrets.isEmpty()) {
      throw new IllegalArgumentException("A signer needs at least one secret.");
    }
    for (String secret : secrets) {
      byte[] derived =
          hmac(
              mac(secret.getBytes(StandardCharsets.UTF_8)),
              purpose.getBytes(StandardCharsets.UTF_8));
      keys.add(mac(derived));
    }
  }

  /** Signs a payload at a time (epoch seconds). */
  String sign(byte[] payload, long nowSeconds) {
    String signed = ENCODER.encodeToString(payload) + "." + Long.toString(nowSeconds, 36);
    return signed
        + "."
        + ENCODER.encodeToString(hmac(keys.get(0), signed.getBytes(StandardCharsets.US_ASCII)));
  }

  /**
   * The payload of a value signed with one of the keys no longer than {@code maxAgeSeconds} ago;
   * empty for anything tampered, expired, dated in the future, malformed or signed with a foreign
   * key.
   */
  Optional<Verified> verify(String value, long nowSeconds, long maxAgeSeconds) {
    int last = value.lastIndexOf('.');
    int middle = last < 0 ? -1 : value.lastIndexOf('.', last - 1);
    if (middle < 0) {
      return Optional.empty();
    }
    byte[] signed = value.substring(0, last).getBytes(StandardCharsets.US_ASCII);
    byte[] signature;
    long signedAt;
    try {
      signature = DECODER.decode(value.substring(last + 1));
      signedAt = Long.parseLong(value.substring(middle + 1, last), 36);
    } catch (IllegalArgumentException malformed) {
      return Optional.empty();
    }
    for (int i = 0; i < keys.size(); i++) {
      if (MessageDigest.isEqual(hmac(keys.get(i), signed), signature)) {
        if (signedAt < 0
            || signedAt > nowSeconds + CLOCK_SKEW_SECONDS
            || nowSeconds - signedAt > maxAgeSeconds) {
          return Optional.empty();
        }
        try {
          return Optional.of(
              new Verified(DECODER.decode(value.substring(0, middle)), signedAt, i == 0));
        } catch (IllegalArgumentException malformed) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }

  private static Mac mac(byte[] key) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(key, ALGORITHM));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is part of every JDK", e);
    }
  }

  /**
   * The HMAC of {@code data} with a key's Mac. Cloning skips the provider lookup and key setup that
   * a fresh Mac pays on every request; the shared one is only ever read.
   */
  private static byte[] hmac(Mac key, byte[] data) {
    try {
      return ((Mac) key.clone()).doFinal(data);
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("The JDK's HmacSHA256 can be cloned", e);
    }
  }
}
