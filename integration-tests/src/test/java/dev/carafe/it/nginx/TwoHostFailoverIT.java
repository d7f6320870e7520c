package dev.carafe.it.nginx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.carafe.it.Launched;
import dev.carafe.it.Load;
import dev.carafe.test.CarafeTest;
import dev.carafe.test.PostgreSql;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import kong.unirest.core.HttpResponse;
import kong.unirest.core.UnirestInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Scaling out, as a deploy does it: the packaged demo on two hosts (two network namespaces), one
 * PostgreSQL on this host that both reach over their private networks, migrated once from one host
 * before the apps start, and one nginx in front. Any host serves any user; losing a host under load
 * loses no request, and the host that comes back takes its share again, losing none either.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoHostFailoverIT {
  private static final int APP_PORT = 8000;

  private final Deque<AutoCloseable> opened = new ArrayDeque<>();
  private NetworkNamespace hostA;
  private NetworkNamespace hostB;
  private PostgreSql postgres;
  private Launched appA;
  private Nginx nginx;
  private String a;
  private String b;

  @BeforeAll
  void startTheHostsTheDatabaseAndNginx() throws Exception {
    assumeTrue("root".equals(System.getProperty("user.name")), "network namespaces need root");
    assumeTrue(PostgreSql.binaries().isPresent(), PostgreSql.MISSING);
    hostA = open(createOrSkip());
    hostB = open(NetworkNamespace.create());
    // Besides loopback, PostgreSQL listens on its side of each host's network, for those hosts.
    postgres =
        open(
            PostgreSql.start(
                List.of(hostA.hostAddress(), hostB.hostAddress()),
                List.of(hostA.address(), hostB.address())));
    String migrated = DemoAppProcess.migratePackaged(hostA.exec(), settings(hostA));
    assertTrue(migrated.contains("Applied 1 migration"), migrated);
    appA = startApp(hostA);
    Launched appB = startApp(hostB);
    awaitReady(appA, hostA);
    awaitReady(appB, hostB);
    a = hostA.address() + ":" + APP_PORT;
    b = hostB.address() + ":" + APP_PORT;
    // Request ids sent by this test name each request in nginx's access log.
    nginx = open(Nginx.builder().hosts(a, b).trustRequestIdFrom("127.0.0.1").start());
  }

  @AfterAll
  void stopEverything() throws Exception {
    Exception first = null;
    while (!opened.isEmpty()) {
      try {
        opened.pop().close();
      } catch (Exception e) {
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw first;
    }
  }

  @Test
  @Order(1)
  void anyHostServesAnyUserFromTheSharedDatabase() throws Exception {
    try (UnirestInstance viaNginx = client(nginx.url())) {
      // Ann registers through nginx; its access log says which host served her.
      HttpResponse<String> form = viaNginx.get("/auth/register").asString();
      String cookie = DemoForms.sessionCookie(form, "");
      HttpResponse<String> registered =
          viaNginx
              .post("/auth/register")
              .header("Cookie", cookie)
              .header("X-Request-Id", "register-ann")
              .field("csrf_token", DemoForms.token(form))
              .field("username", "ann")
              .field("password", "correct horse")
              .asString();
      assertEquals(302, registered.getStatus(), registered.getBody());
      cookie = DemoForms.sessionCookie(registered, cookie);
      String registrar = servedBy("register-ann");
      assertTrue(Set.of(a, b).contains(registrar), "one host, no retry: " + registrar);

      // She logs in and writes a post on the other host, talking to its app with her cookie.
      String other = registrar.equals(a) ? b : a;
      try (UnirestInstance direct = client("http://" + other)) {
        HttpResponse<String> login = direct.get("/auth/login").header("Cookie", cookie).asString();
        cookie = DemoForms.sessionCookie(login, cookie);
        HttpResponse<String> loggedIn =
            direct
                .post("/auth/login")
                .header("Cookie", cookie)
                .field("csrf_token", DemoForms.token(login))
                .field("username", "ann")
                .field("password", "correct horse")
                .asString();
        assertEquals(302, loggedIn.getStatus(), "user from the other host: " + loggedIn.getBody());
        cookie = DemoForms.sessionCookie(loggedIn, cookie);
        HttpResponse<String> create = direct.get("/create").header("Cookie", cookie).asString();
        assertEquals(200, create.getStatus(), create.getBody());
        cookie = DemoForms.sessionCookie(create, cookie);
        HttpResponse<String> posted =
            direct
                .post("/create")
                .header("Cookie", cookie)
                .field("csrf_token", DemoForms.token(create))
                .field("title", "Written on " + other)
                .field("body", "read on both hosts")
                .asString();
        assertEquals(302, posted.getStatus(), posted.getBody());
      }

      // She reads through nginx until each host has served her once: both show her post.
      Set<String> readers = new HashSet<>();
      for (int read = 0; readers.size() < 2 && read < 20; read++) {
        String id = "read-" + read;
        String page =
            viaNginx
                .get("/")
                .header("Cookie", cookie)
                .header("X-Request-Id", id)
                .asString()
                .getBody();
        assertTrue(page.contains("<span>ann</span>"), "logged in on every host: " + page);
        assertTrue(page.contains("Written on " + other), "the post on every host: " + page);
        readers.add(servedBy(id));
      }
      assertEquals(Set.of(a, b), readers, nginx.accessLog());
    }
  }

  @Test
  @Order(2)
  void losingAHostAndItsReturnUnderLoadFailNoRequest() throws Exception {
    try (UnirestInstance client = CarafeTest.client(nginx.url())) {
      String whoami = client.get("/api/whoami").asString().getBody();
      assertTrue(whoami.contains("\"ip\":\"127.0.0.1\""), "the client, not nginx: " + whoami);
    }
    // The budget is never the limit: the load runs until the host has come back.
    long atStart = nginx.accessLogSize();
    Load load = Load.start(nginx.url(), "/api/hello", 4, 10_000_000, Duration.ofMinutes(10));
    String beforeReturn;
    long atReturn;
    try (load) {
      assertTrue(load.awaitSucceeded(400), "load before the loss: " + load.failures());
      killOutright(appA);
      int atLoss = load.succeeded();
      assertTrue(load.awaitSucceeded(atLoss + 400), "load after the loss: " + load.failures());

      atReturn = nginx.accessLogSize();
      beforeReturn = nginx.accessLogSince(atStart); // A is gone: what it served came before
      appA = startApp(hostA);
      awaitReady(appA, hostA);
      // nginx tries a failed host again after its fail_timeout (10 s), with a client's request.
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
      while (!servedAlone(a, nginx.accessLogSince(atReturn))) {
        assertTrue(System.nanoTime() < deadline, "host A took no traffic after it returned");
        assertTrue(load.awaitSucceeded(load.succeeded() + 200), "load ended: " + load.failures());
      }
      int back = load.succeeded();
      assertTrue(load.awaitSucceeded(back + 400), "load after the return: " + load.failures());
    }

    assertEquals(List.of(), load.failures(), nginx.diagnostics());
    assertTrue(servedAlone(a, beforeReturn), "host A served before it was lost");
    assertTrue(servedAlone(b, nginx.accessLogSince(atStart)), "host B served");
    assertTrue(servedAlone(a, nginx.accessLogSince(atReturn)), "host A served after it returned");
  }

  private <T extends AutoCloseable> T open(T resource) {
    opened.push(resource);
    return resource;
  }

  /** A namespace; skips the test where the kernel does not let this root make one (a container). */
  private static NetworkNamespace createOrSkip() throws Exception {
    try {
      return NetworkNamespace.create();
    } catch (IOException e) {
      assumeTrue(
          !String.valueOf(e.getMessage()).contains("Operation not permitted"),
          "no network namespaces here: " + e.getMessage());
      throw e;
    }
  }

  /**
   * What a deployer puts in each host's environment file: the database at the address the host
   * reaches it on, and the nginx host (this one, as the host sees it) trusted for X-Forwarded-*.
   */
  private Map<String, String> settings(NetworkNamespace host) {
    return Map.of(
        "CARAFE_DATABASE_URL", postgres.jdbcUrl(host.hostAddress()),
        "CARAFE_DATABASE_USER", postgres.user(),
        "CARAFE_DATABASE_PASSWORD", postgres.password(),
        "CARAFE_FORWARDED_ALLOW_IPS", host.hostAddress());
  }

  private Launched startApp(NetworkNamespace host) throws IOException {
    return open(
        DemoAppProcess.startPackaged(host.exec(), host.address(), APP_PORT, settings(host)));
  }

  /** Ready means the app answers and reaches the database (/readyz checks it). */
  private static void awaitReady(Launched app, NetworkNamespace host) throws InterruptedException {
    String url = "http://" + host.address() + ":" + APP_PORT + "/readyz";
    app.awaitHttp(url, 200, Duration.ofMinutes(5));
  }

  /** Kills the master and its worker at once, as a crash would: nothing drains. */
  private static void killOutright(Launched app) throws Exception {
    List<ProcessHandle> tree =
        Stream.concat(Stream.of(app.process().toHandle()), app.process().descendants()).toList();
    app.close();
    for (ProcessHandle process : tree) {
      process.onExit().get(30, TimeUnit.SECONDS);
    }
  }

  /** The upstream that served the request with this id, from nginx's access log. */
  private String servedBy(String requestId) throws InterruptedException {
    Pattern line = Pattern.compile(" id=" + requestId + " .* upstream=(.+?) upstream_status=");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      // nginx writes the line once the answer is sent: it may follow the answer by a moment.
      Matcher found = line.matcher(nginx.accessLog());
      if (found.find()) {
        return found.group(1);
      }
      assertTrue(System.nanoTime() < deadline, "no log line for " + requestId);
      Thread.sleep(20);
    }
  }

  /** Whether {@code upstream} answered a request by itself (not as one of several tries). */
  private static boolean servedAlone(String upstream, String log) {
    return log.contains(" upstream=" + upstream + " upstream_status=200 ");
  }

  private static UnirestInstance client(String url) {
    UnirestInstance client = CarafeTest.client(url);
    client.config().enableCookieManagement(false); // one cookie for every host, sent by hand
    return client;
  }
}
