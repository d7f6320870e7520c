package dev.carafe;

import jakarta.servlet.ServletException;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

/**
 * Cross-site request forgery protection, on for every app: a secret lives in the session, pages
 * embed {@link #token(Request)} in their forms, and every POST, PUT, PATCH or DELETE must send it
 * back (header {@code X-CSRF-Token}, or form field {@code csrf_token}), or it is refused with 400.
 * The one exception is a body declared JSON ({@code application/json} or {@code +json}), which no
 * other site can make a browser send without a CORS preflight. Exempting only JSON, rather than
 * checking only the types a browser may send (a form, plain text), means a near-miss type such as
 * {@code application/x-www-form-urlencodedx} cannot slip past. Routes that authenticate by token
 * rather than cookie opt out with {@code Route.csrfExempt()} or {@code Blueprint.csrfExempt()}.
 */
final class Csrf {
  /** The form field a token is posted in. */
  static final String FIELD = "csrf_token";

  /** The header a script sends the token in. */
  static final String HEADER = "X-CSRF-Token";

  static final String SESSION_KEY = "_csrf_token";
  private static final int SECRET_BYTES = 32;
  private static final Set<String> UNSAFE = Set.of("POST", "PUT", "PATCH", "DELETE");
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private Csrf() {}

  /**
   * A token for this request's forms. It is masked with fresh random bytes each request, so
   * compressed pages cannot leak the secret (BREACH), while any of them verifies.
   */
  static String token(Request request) {
    if (request.csrfToken != null) {
      return request.csrfToken;
    }
    Session session = request.session();
    byte[] secret = session.getString(SESSION_KEY).map(Csrf::decode).orElse(null);
    if (secret == null || secret.length != SECRET_BYTES) {
      secret = new byte[SECRET_BYTES];
      RANDOM.nextBytes(secret);
      session.put(SESSION_KEY, ENCODER.encodeToString(secret));
    }
    byte[] masked = new byte[2 * SECRET_BYTES];
    byte[] pad = new byte[SECRET_BYTES];
    RANDOM.nextBytes(pad);
    for (int i = 0; i < SECRET_BYTES; i++) {
      masked[i] = pad[i];
      masked[SECRET_BYTES + i] = (byte) (pad[i] ^ secret[i]);
    }
    String token = ENCODER.encodeToString(masked);
    request.csrfToken = token;
    return token;
  }

  /** Adds the check to an app unless {@code csrf_enabled} is false. */
  static void install(Carafe app) {
    if (app.config().getBool("csrf_enabled")) {
      app.beforeRequest(Csrf::protect);
    }
  }

  /** The before-request check; refuses unsafe requests to protected routes without the token. */
  static Object protect(Request request) {
    if (!UNSAFE.contains(request.method())) {
      return null;
    }
    Optional<Route> route = request.route();
    if (route.isEmpty() || route.get().isCsrfExempt() || request.isJson()) {
      return null; // unmatched requests become 404/405 on their own
    }
    // The header first: a script's request then costs no body read at all.
    String sent = request.header(HEADER).or(() -> request.header("X-CSRFToken")).orElse(null);
    if (sent == null) {
      try {
        sent = request.body().token(FIELD).orElse(null);
      } catch (IOException | ServletException e) {
        throw RequestBody.unreadable(e);
      }
    }
    if (sent == null || sent.isEmpty()) {
      throw new HttpAbort(400, "The CSRF token is missing.");
    }
    byte[] secret = request.session().getString(SESSION_KEY).map(Csrf::decode).orElse(null);
    if (secret == null || secret.length != SECRET_BYTES) {
      throw new HttpAbort(
          400, "The CSRF session token is missing: the session expired or cookies are off.");
    }
    byte[] masked = decode(sent);
    if (masked == null || masked.length != 2 * SECRET_BYTES) {
      throw new HttpAbort(400, "The CSRF token is invalid.");
    }
    byte[] unmasked = new byte[SECRET_BYTES];
    for (int i = 0; i < SECRET_BYTES; i++) {
      unmasked[i] = (byte) (masked[i] ^ masked[SECRET_BYTES + i]);
    }
    if (!MessageDigest.isEqual(unmasked, secret)) {
      throw new HttpAbort(400, "The CSRF token is invalid.");
    }
    return null;
  }

  private static byte[] decode(String text) {
    try {
      return DECODER.decode(text.trim());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
