package dev.carafe;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Cross-site request forgery protection, on for every app: a secret lives in the session, pages
 * embed {@link #token(Request)} in their forms, and every POST, PUT, PATCH or DELETE a browser
 * could be tricked into sending (a form body, plain text or no body) must send it back (form field
 * {@code csrf_token} or header {@code X-CSRF-Token}), or it is refused with 400. Routes that
 * authenticate by token rather than cookie opt out with {@code Route.csrfExempt()} or {@code
 * Blueprint.csrfExempt()}.
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
    if (route.isEmpty() || route.get().isCsrfExempt() || !browserCanForge(request)) {
      return null; // unmatched requests become 404/405 on their own
    }
    String sent = request.header(HEADER).or(() -> request.header("X-CSRFToken")).orElse(null);
    if (sent == null && (request.ctx().isFormUrlencoded() || request.ctx().isMultipartFormData())) {
      sent = request.form().get(FIELD).orElse(null);
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

  /**
   * True for bodies another site's page can make a browser send without asking this one (a form, or
   * a fetch with a CORS-safelisted type or no body). A JSON body needs a CORS preflight this app
   * would have to allow, so it cannot be forged.
   */
  static boolean browserCanForge(Request request) {
    String type = request.ctx().contentType();
    if (type == null || type.isBlank()) {
      return true;
    }
    String base = type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    return base.equals("application/x-www-form-urlencoded")
        || base.equals("multipart/form-data")
        || base.equals("text/plain");
  }

  private static byte[] decode(String text) {
    try {
      return DECODER.decode(text.trim());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
