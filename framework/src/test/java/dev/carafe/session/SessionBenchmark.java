package dev.carafe.session;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.carafe.Carafe;
import dev.carafe.Config;
import dev.carafe.internal.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Session decoding for one request: a typical signed session cookie (a user id, a CSRF token and a
 * flash message) verified and parsed by Carafe's session store, against the same work done by hand
 * with one reused {@link Mac} and Jackson. Javalin has no signed-cookie sessions to compare with.
 * It measures the package-private store, so it lives in the framework's tests; {@code bench/jmh.sh}
 * runs it from the framework's test jar.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SessionBenchmark {
  private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};

  private SessionStore store;
  private String cookie;
  private Mac mac;

  /** Signs one cookie with the app's key, and derives the same key for the baseline. */
  @Setup
  public void signCookie() throws Exception {
    String secret = "bench-secret-0123456789abcdef0123456789abcdef";
    Config config = Config.load(Optional.empty(), Map.of("CARAFE_SECRET_KEY", secret), Map.of());
    store = SessionStore.of(Carafe.create(config));
    Map<String, Object> session = new LinkedHashMap<>();
    session.put("user_id", 42);
    session.put("_csrf", "3f9a1c0e5b7d4e2a8c6b1d0f9e8a7c6b");
    session.put("_flashes", java.util.List.of(Map.of("category", "info", "message", "Saved.")));
    cookie =
        store
            .signer()
            .sign(Json.mapper().writeValueAsBytes(session), System.currentTimeMillis() / 1000);
    Mac derive = Mac.getInstance("HmacSHA256");
    derive.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    byte[] key = derive.doFinal("carafe.session".getBytes(StandardCharsets.UTF_8));
    mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
  }

  /** Carafe: verify the signature and the age, then parse the JSON payload. */
  @Benchmark
  public Map<String, Object> carafe() {
    return store.load(Optional.of(cookie)).data();
  }

  /** Baseline: the same format checked with a reused Mac, then the same Jackson parse. */
  @Benchmark
  public Map<String, Object> byHand() throws Exception {
    int last = cookie.lastIndexOf('.');
    int middle = cookie.lastIndexOf('.', last - 1);
    byte[] expected = mac.doFinal(cookie.substring(0, last).getBytes(StandardCharsets.US_ASCII));
    if (!MessageDigest.isEqual(
        expected, Base64.getUrlDecoder().decode(cookie.substring(last + 1)))) {
      return Map.of();
    }
    return Json.mapper().readValue(Base64.getUrlDecoder().decode(cookie.substring(0, middle)), MAP);
  }
}
