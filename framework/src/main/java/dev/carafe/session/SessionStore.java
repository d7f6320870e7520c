package dev.carafe.session;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.carafe.Carafe;
import dev.carafe.Config;
import dev.carafe.Cookie;
import dev.carafe.Request;
import dev.carafe.Response;
import dev.carafe.Session;
import dev.carafe.SessionInterface;
import dev.carafe.internal.Json;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An app's signed-cookie session interface (Flask's {@code SecureCookieSessionInterface}): opens
 * the session from the request cookie and saves it into the response. Stateless, so any worker on
 * any host with the same secret_key serves any request.
 */
final class SessionStore implements SessionInterface {
  /** Browsers drop cookies over 4096 bytes; warn while there is still room to react. */
  static final int COOKIE_WARNING_BYTES = 3584;

  private static final Logger LOG = LoggerFactory.getLogger(SessionStore.class);
  private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};

  /** A decoded session and whether it must be re-signed with the current key. */
  record Loaded(Map<String, Object> data, boolean signedWithOldKey) {
    static Loaded empty() {
      return new Loaded(new LinkedHashMap<>(), false);
    }
  }

  private final Config config;
  private final boolean production;
  private final SessionSettings settings;
  private volatile CookieSigner signer;

  private SessionStore(Carafe app) {
    this.config = app.config();
    this.production = app.isProduction();
    this.settings = SessionSettings.from(config);
  }

  static SessionStore of(Carafe app) {
    return app.extension(SessionStore.class, SessionStore::new);
  }

  SessionSettings settings() {
    return settings;
  }

  /** The signer, made on first use so commands that never touch a session need no secret. */
  CookieSigner signer() {
    CookieSigner current = signer;
    if (current == null) {
      List<String> secrets = new ArrayList<>();
      String secret = config.get("secret_key").orElse("").trim();
      if (secret.isEmpty()) {
        if (production) {
          throw new IllegalStateException(
              "Sessions need secret_key in production: set CARAFE_SECRET_KEY.");
        }
        secret = DevSecret.value();
      }
      secrets.add(secret);
      secrets.addAll(config.getList("secret_key_fallbacks"));
      current = new CookieSigner(secrets, "carafe.session");
      signer = current;
    }
    return current;
  }

  Loaded load(Optional<String> cookie) {
    if (cookie.isEmpty() || cookie.get().isEmpty()) {
      return Loaded.empty();
    }
    long now = System.currentTimeMillis() / 1000;
    Optional<CookieSigner.Verified> verified =
        signer().verify(cookie.get(), now, settings.permanentLifetime().toSeconds());
    if (verified.isEmpty()) {
      LOG.debug("Ignoring a session cookie that is tampered, expired or signed with another key");
      return Loaded.empty();
    }
    try {
      LinkedHashMap<String, Object> data = Json.mapper().readValue(verified.get().payload(), MAP);
      return new Loaded(
          data == null ? new LinkedHashMap<>() : data, !verified.get().signedWithCurrentKey());
    } catch (IOException e) {
      LOG.debug("Ignoring a signed session cookie whose payload is not a JSON object", e);
      return Loaded.empty();
    }
  }

  /** Reads the session from the request's cookie; one signed with an old key is re-signed. */
  @Override
  public Session open(Request request) {
    Loaded loaded = load(request.cookie(settings.cookieName()));
    Session session = Session.of(loaded.data());
    return loaded.signedWithOldKey() ? session.markModified() : session;
  }

  /** Writes the cookie when the session changed or needs refreshing. */
  @Override
  public void save(Request request, Session session, Response response) {
    // The response depends on the cookie: shared caches must not serve it to someone else.
    String vary = response.header("Vary").orElse("");
    if (!vary.toLowerCase(Locale.ROOT).contains("cookie")) {
      response.header("Vary", vary.isEmpty() ? "Cookie" : vary + ", Cookie");
    }
    if (session.isEmpty()) {
      if (session.isModified() && request.cookie(settings.cookieName()).isPresent()) {
        response.cookie(cookie(request, "", 0));
      }
      return;
    }
    boolean refresh = session.permanent() && settings.refreshEachRequest();
    if (!session.isModified() && !refresh) {
      return;
    }
    String value = encode(new LinkedHashMap<>(session.asMap()));
    int size = settings.cookieName().length() + 1 + value.length();
    if (size > COOKIE_WARNING_BYTES) {
      LOG.warn(
          "The session cookie for {} is {} bytes; browsers drop cookies over 4096 bytes. Keep"
              + " large data on the server and store its id in the session.",
          request,
          size);
    }
    int maxAge = session.permanent() ? (int) Math.min(Integer.MAX_VALUE, lifetimeSeconds()) : -1;
    response.cookie(cookie(request, value, maxAge));
  }

  String encode(Map<String, Object> data) {
    try {
      return signer()
          .sign(Json.mapper().writeValueAsBytes(data), System.currentTimeMillis() / 1000);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("The session holds a value JSON cannot write: " + e, e);
    }
  }

  private long lifetimeSeconds() {
    return settings.permanentLifetime().toSeconds();
  }

  private Cookie cookie(Request request, String value, int maxAge) {
    Cookie cookie =
        Cookie.of(settings.cookieName(), value)
            .withPath(settings.path())
            .withSecure(settings.secure().orElse("https".equals(request.scheme())))
            .withHttpOnly(settings.httpOnly());
    if (maxAge >= 0) {
      cookie = cookie.withMaxAge(Duration.ofSeconds(maxAge));
    }
    if (settings.domain().isPresent()) {
      cookie = cookie.withDomain(settings.domain().get());
    }
    return settings.sameSite().isPresent()
        ? cookie.withSameSite(settings.sameSite().get())
        : cookie;
  }
}
