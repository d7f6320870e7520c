package com.example.blog;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.carafe.HttpAbort;
import dev.carafe.Request;
import dev.carafe.database.Database;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;

/**
 * The one way to check a password, for the log-in form and the API's HTTP Basic alike. Failed
 * checks are limited per client address and per account: past a limit the answer is a 429 with
 * Retry-After, and no hash is computed. A right password gives its tokens back, so only failures
 * count. At most as many hashes run at once as the machine has processors; one more is a 503 at
 * once, so hashing never holds every request thread.
 *
 * <p>The counts live in this worker process: with N workers a client may fail up to N times as
 * often. nginx's limit on the log-in form, in front, counts for all of them.
 */
final class PasswordChecks {
  /** How many checks may fail in each period; the count starts again at the period's end. */
  record Limit(int failures, Duration period) {}

  /** Per client address: as many as nginx lets log-in attempts through. */
  static final Limit PER_ADDRESS = new Limit(10, Duration.ofMinutes(1));

  /** Per account, whichever addresses the attempts come from. */
  static final Limit PER_ACCOUNT = new Limit(5, Duration.ofMinutes(1));

  private final Limit perAddress;
  private final Limit perAccount;
  private final Semaphore hashing;
  private final Cache<String, Bucket> buckets;

  PasswordChecks(Limit perAddress, Limit perAccount, int hashesAtOnce) {
    this.perAddress = perAddress;
    this.perAccount = perAccount;
    this.hashing = new Semaphore(hashesAtOnce);
    // A bucket is full again a period after its last use: forgetting it then changes nothing.
    Duration longest =
        perAddress.period().compareTo(perAccount.period()) > 0
            ? perAddress.period()
            : perAccount.period();
    this.buckets = Caffeine.newBuilder().maximumSize(100_000).expireAfterAccess(longest).build();
  }

  /** The app's checks: one set of counts per worker process. */
  static PasswordChecks of(Request request) {
    return request
        .app()
        .extension(
            PasswordChecks.class,
            app ->
                new PasswordChecks(
                    PER_ADDRESS, PER_ACCOUNT, Runtime.getRuntime().availableProcessors()));
  }

  /** The user with this name and password, or empty; a 429 or 503 instead when over a limit. */
  Optional<User> authenticate(Request request, String username, String password)
      throws SQLException {
    Bucket address = bucket("address " + request.remoteAddr(), perAddress);
    take(address, "from your address");
    // Made only once the address passed, so that one address cannot fill the cache with names.
    Bucket account = bucket("account " + username, perAccount);
    take(account, "for this account", address);
    if (!hashing.tryAcquire()) {
      address.addTokens(1);
      account.addTokens(1);
      throw new HttpAbort(
          503, "Too many passwords are being checked right now.", Map.of("Retry-After", "1"));
    }
    Optional<User> user;
    try {
      user = Users.authenticate(Database.of(request), username, password);
    } finally {
      hashing.release();
    }
    if (user.isPresent()) {
      address.addTokens(1);
      account.addTokens(1);
    }
    return user;
  }

  private Bucket bucket(String key, Limit limit) {
    return buckets.get(
        key,
        k ->
            Bucket.builder()
                .addLimit(
                    l ->
                        l.capacity(limit.failures())
                            .refillIntervally(limit.failures(), limit.period()))
                .build());
  }

  /** Takes a token, or refuses with a 429 after giving back the tokens already {@code taken}. */
  private static void take(Bucket bucket, String where, Bucket... taken) {
    ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
    if (probe.isConsumed()) {
      return;
    }
    for (Bucket other : taken) {
      other.addTokens(1);
    }
    long seconds = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999) / 1_000_000_000);
    throw new HttpAbort(
        429,
        "Too many failed log-ins " + where + ". Try again in " + seconds + " seconds.",
        Map.of("Retry-After", String.valueOf(seconds)));
  }
}
