package dev.carafe.prod;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NginxTest {
  @TempDir Path home;

  private static List<String> directives(String conf) {
    return conf.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
  }

  @Test
  void theUpstreamListsTheAppsAddressFourTimes() {
    String conf = Nginx.upstreamConf(Bind.parse("127.0.0.1:8200"));
    assertEquals(
        List.of("server 127.0.0.1:8200 max_fails=0;"),
        directives(conf).stream().distinct().toList());
    assertEquals(4, directives(conf).size());
    assertTrue(conf.contains("four times"), "the file says why");
  }

  @Test
  void aWildcardBindIsReachedOverLoopbackAndIpv6GetsBrackets() {
    assertEquals(
        "server 127.0.0.1:8000 max_fails=0;",
        directives(Nginx.upstreamConf(Bind.parse("0.0.0.0:8000"))).get(0));
    assertEquals(
        "server [::1]:8000 max_fails=0;",
        directives(Nginx.upstreamConf(Bind.parse("[::]:8000"))).get(0));
    assertEquals(
        List.of("listen [::1]:8080;"), directives(Nginx.listenConf(Bind.parse("[::1]:8080"))));
  }

  @Test
  void aUnixSocketIsNamedByItsAbsolutePath() {
    String conf = Nginx.upstreamConf(Bind.parse("unix:run/app.sock"));
    String expected = "server unix:" + Path.of("run/app.sock").toAbsolutePath() + " max_fails=0;";
    assertEquals(List.of(expected, expected, expected, expected), directives(conf));
  }

  @Test
  void listenConfNamesWhereNginxListens() {
    assertEquals(
        List.of("listen 127.0.0.1:18280;"),
        directives(Nginx.listenConf(Bind.parse("127.0.0.1:18280"))));
  }

  @Test
  void eachStartRunsAFreshCopyOfTheShippedFolderWithItsPortFilesWritten() throws Exception {
    Path shipped = Files.createDirectories(home.resolve("nginx/errors"));
    Files.writeString(shipped.resolve("50x.html"), "back soon");
    Path nginx = home.resolve("nginx");
    Files.writeString(nginx.resolve("nginx.conf"), "include http.conf;");
    Files.writeString(nginx.resolve("listen.conf"), "listen 127.0.0.1:8080;\n");
    Files.writeString(nginx.resolve("upstream.conf"), "server 127.0.0.1:8000 max_fails=0;\n");
    Path running = home.resolve("run/nginx");
    Files.createDirectories(running);
    Files.writeString(running.resolve("left-over.conf"), "from an older package");

    Nginx.prepare(nginx, running, Bind.parse("127.0.0.1:9000"), Optional.empty());

    assertEquals("include http.conf;", Files.readString(running.resolve("nginx.conf")));
    assertEquals("back soon", Files.readString(running.resolve("errors/50x.html")));
    assertFalse(Files.exists(running.resolve("left-over.conf")));
    assertEquals(
        "listen 127.0.0.1:8080;\n",
        Files.readString(running.resolve("listen.conf")),
        "no nginx_bind: the shipped port stays");
    assertTrue(
        Files.readString(running.resolve("upstream.conf"))
            .contains("server 127.0.0.1:9000 max_fails=0;"));
    assertEquals(
        "server 127.0.0.1:8000 max_fails=0;\n",
        Files.readString(nginx.resolve("upstream.conf")),
        "the shipped folder is never written");

    Nginx.prepare(
        nginx, running, Bind.parse("127.0.0.1:9000"), Optional.of(Bind.parse("127.0.0.1:9080")));
    assertEquals(
        List.of("listen 127.0.0.1:9080;"),
        directives(Files.readString(running.resolve("listen.conf"))));
    assertEquals("listen 127.0.0.1:8080;\n", Files.readString(nginx.resolve("listen.conf")));
  }

  @Test
  void withoutAShippedConfigurationNothingStarts() {
    assertEquals(
        Optional.empty(),
        Nginx.start(home, Bind.parse("127.0.0.1:8000"), Optional.empty()).map(n -> "started"));
    assertFalse(Files.exists(home.resolve("run")));
  }
}
