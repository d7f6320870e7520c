package dev.carafe.maven;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NginxFilesTest {
  @TempDir Path tmp;

  @Test
  void thePackagedConfigurationPassesNginxTestWhereItShipsAndWhereTheMasterCopiesIt()
      throws Exception {
    assumeTrue(Shell.onPath("nginx"), "nginx is not installed");
    Path home = tmp.resolve("shop");
    NginxFiles.write(home.resolve("nginx"), "shop", "127.0.0.1:8000", "127.0.0.1:8080");
    Files.createDirectories(home.resolve("run"));
    assertNginxTestPasses(home, home.resolve("nginx/nginx.conf"));
    // `--with-nginx` starts nginx on a copy in run/nginx/: its includes follow the copy.
    copyTree(home.resolve("nginx"), home.resolve("run/nginx"));
    assertNginxTestPasses(home, home.resolve("run/nginx/nginx.conf"));
  }

  @Test
  void theHttpsServerFindsItsCertificateWhereItShipsAndWhereTheMasterCopiesIt() throws Exception {
    assumeTrue(Shell.onPath("nginx") && Shell.onPath("openssl"), "nginx or openssl is missing");
    Path home = tmp.resolve("shop");
    NginxFiles.write(home.resolve("nginx"), "shop", "127.0.0.1:8000", "127.0.0.1:8080");
    Path conf = home.resolve("nginx/nginx.conf");
    String shipped = Files.readString(conf);
    String block =
        shipped.substring(shipped.indexOf("    # server {"), shipped.lastIndexOf("    # }") + 7);
    String enabled =
        block.lines().map(l -> l.replaceFirst("^    # ", "    ")).collect(Collectors.joining("\n"));
    Files.writeString(conf, shipped.replace(block, enabled));
    Path tls = Files.createDirectories(home.resolve("nginx/tls"));
    Shell openssl =
        Shell.run(
            List.of(
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "1",
                "-subj",
                "/CN=localhost",
                "-keyout",
                tls.resolve("privkey.pem").toString(),
                "-out",
                tls.resolve("fullchain.pem").toString()),
            Map.of(),
            home);
    assertEquals(0, openssl.code(), openssl.output());
    Files.createDirectories(home.resolve("run"));
    assertNginxTestPasses(home, conf);
    copyTree(home.resolve("nginx"), home.resolve("run/nginx"));
    assertNginxTestPasses(home, home.resolve("run/nginx/nginx.conf"));
  }

  @Test
  void nginxServesStaticFilesItselfAndItsOwnPageWhileTheAppIsDown() throws Exception {
    assumeTrue(Shell.onPath("nginx"), "nginx is not installed");
    // Started as root, nginx reads files as nobody.
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path home = tmp.resolve("shop");
    int port = freePort();
    int appPort = freePort(); // nothing listens there
    NginxFiles.write(home.resolve("nginx"), "shop", "127.0.0.1:" + appPort, "127.0.0.1:" + port);
    Files.createDirectories(home.resolve("static"));
    Files.writeString(home.resolve("static/app.css"), "body { color: teal; }\n");
    Files.createDirectories(home.resolve("run"));
    List<String> nginx =
        List.of("nginx", "-p", home + "/", "-c", home.resolve("nginx/nginx.conf").toString());
    Shell start = Shell.run(nginx, Map.of(), home);
    assertEquals(0, start.code(), start.output());
    try {
      HttpClient client = HttpClient.newHttpClient();
      HttpResponse<String> css = get(client, "http://127.0.0.1:" + port + "/static/app.css");
      assertEquals(200, css.statusCode());
      assertEquals("body { color: teal; }\n", css.body());
      HttpResponse<String> page = get(client, "http://127.0.0.1:" + port + "/");
      assertEquals(502, page.statusCode());
      assertTrue(page.body().contains("Back in a moment"), page.body());
    } finally {
      Shell.run(Stream.concat(nginx.stream(), Stream.of("-s", "quit")).toList(), Map.of(), home);
      for (int i = 0; i < 100 && Files.exists(home.resolve("run/nginx.pid")); i++) {
        Thread.sleep(100);
      }
    }
  }

  @Test
  void thePortFilesComeFromTheBinds() throws IOException {
    Path folder = tmp.resolve("nginx");
    NginxFiles.write(folder, "shop", "10.0.0.5:9001", "0.0.0.0:9080");
    assertTrue(
        Files.readString(folder.resolve("listen.conf")).contains("\nlisten 0.0.0.0:9080;\n"));
    List<String> servers =
        Files.readAllLines(folder.resolve("upstream.conf")).stream()
            .filter(l -> l.startsWith("server"))
            .toList();
    assertEquals(
        List.of(
            "server 10.0.0.5:9001 max_fails=0;",
            "server 10.0.0.5:9001 max_fails=0;",
            "server 10.0.0.5:9001 max_fails=0;",
            "server 10.0.0.5:9001 max_fails=0;"),
        servers);
  }

  @Test
  void aUnixSocketBindBecomesAUnixUpstreamAndABarePortIsAListenPort() {
    assertTrue(
        NginxFiles.upstream("unix:/run/shop/shop.sock")
            .contains("\nserver unix:/run/shop/shop.sock max_fails=0;\n"));
    assertTrue(NginxFiles.listen("8080").contains("\nlisten 8080;\n"));
    assertTrue(NginxFiles.listen("[::1]:8080").contains("\nlisten [::1]:8080;\n"));
  }

  @Test
  void aBadAddressIsRefusedNamingTheSettingToFix() {
    for (String bind :
        List.of("8000", "localhost", "unix:run/shop.sock", "127.0.0.1:70000", "a b:1")) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> NginxFiles.upstream(bind), bind);
      assertTrue(e.getMessage().contains("-Dcarafe.bind"), e.getMessage());
    }
    for (String nginxBind : List.of("", "host:", "127.0.0.1:0", "unix:/x.sock", "8080;")) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class, () -> NginxFiles.listen(nginxBind), nginxBind);
      assertTrue(e.getMessage().contains("-Dcarafe.nginxBind"), e.getMessage());
    }
  }

  @Test
  void filesCarafeDoesNotWriteStay() throws IOException {
    Path folder = tmp.resolve("nginx");
    Files.createDirectories(folder.resolve("tls"));
    Files.writeString(folder.resolve("tls/fullchain.pem"), "certificate");
    NginxFiles.write(folder, "shop", "127.0.0.1:8000", "127.0.0.1:8080");
    assertEquals("certificate", Files.readString(folder.resolve("tls/fullchain.pem")));
  }

  @Test
  void everySharedFileOfTheRepositorysNginxFolderShipsUnchanged() throws IOException {
    // Maven runs the tests in the module's folder; the repository's nginx/ is beside it.
    Path source = Path.of("..", "nginx");
    Set<String> perPackage = Set.of("listen.conf", "upstream.conf", ".gitignore");
    Set<String> shared;
    try (Stream<Path> files = Files.walk(source)) {
      shared =
          files
              .filter(Files::isRegularFile)
              .map(f -> source.relativize(f).toString())
              .filter(f -> !perPackage.contains(f) && !f.startsWith("tls/"))
              .collect(Collectors.toCollection(TreeSet::new));
    }
    assertEquals(shared, new TreeSet<>(NginxFiles.SHARED));
    for (String file : NginxFiles.SHARED) {
      try (InputStream in = NginxFiles.class.getResourceAsStream("nginx/" + file)) {
        assertArrayEquals(Files.readAllBytes(source.resolve(file)), in.readAllBytes(), file);
      }
    }
  }

  @Test
  void thePackagedMainConfigurationHasTheRepositorysDirectivesWithItsOwnPaths() throws IOException {
    List<String> repository =
        directives(Files.readString(Path.of("..", "nginx.conf"))).stream()
            .map(l -> l.replace("include nginx/", "include "))
            .map(l -> l.startsWith("root ") ? "root .;" : l)
            .toList();
    assertEquals(repository, directives(Template.resource("nginx.conf")));
  }

  /** The lines that are not comments, trimmed. */
  private static List<String> directives(String config) {
    return config
        .lines()
        .map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("#"))
        .toList();
  }

  private static void assertNginxTestPasses(Path home, Path config) throws Exception {
    Shell test =
        Shell.run(
            List.of("nginx", "-t", "-p", home + "/", "-c", config.toString()), Map.of(), home);
    assertEquals(0, test.code(), test.output());
  }

  private static HttpResponse<String> get(HttpClient client, String url) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path path : paths.toList()) {
        Path target = to.resolve(from.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(target);
        } else {
          Files.copy(path, target);
        }
      }
    }
  }
}
