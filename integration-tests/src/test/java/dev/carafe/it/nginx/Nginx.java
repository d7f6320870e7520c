package dev.carafe.it.nginx;

import dev.carafe.it.Launched;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real nginx running the repository's own nginx.conf and nginx/ folder, copied into a scratch
 * prefix with the test's ports and app addresses written in place of the shipped ones. Everything
 * else is the shipped configuration, byte for byte.
 */
final class Nginx implements AutoCloseable {
  static final String STATIC_FOLDER = "demo-app/src/main/resources/static";

  private final Launched process;
  private final Path prefix;
  private final int port;
  private final int tlsPort;
  private final Set<String> preparedFiles;

  private Nginx(Launched process, Path prefix, int port, int tlsPort, Set<String> preparedFiles) {
    this.process = process;
    this.prefix = prefix;
    this.port = port;
    this.tlsPort = tlsPort;
    this.preparedFiles = preparedFiles;
  }

  static Builder builder() {
    return new Builder();
  }

  /** The plain-HTTP base URL, e.g. {@code http://127.0.0.1:41234}. */
  String url() {
    return "http://127.0.0.1:" + port;
  }

  int port() {
    return port;
  }

  /** The HTTPS base URL; only with {@link Builder#tls()}. */
  String tlsUrl() {
    if (tlsPort == 0) {
      throw new IllegalStateException("This nginx has no TLS server; build it with tls().");
    }
    return "https://127.0.0.1:" + tlsPort;
  }

  /** The scratch prefix nginx runs in (its nginx.conf, nginx/, static copy and run/). */
  Path prefix() {
    return prefix;
  }

  /** The files nginx has created in its prefix, relative to it. */
  Set<String> filesWrittenByNginx() throws IOException {
    Set<String> files = new TreeSet<>(listFiles(prefix));
    files.removeAll(preparedFiles);
    return files;
  }

  private static Set<String> listFiles(Path prefix) throws IOException {
    try (Stream<Path> files = Files.walk(prefix)) {
      return files
          .map(p -> prefix.relativize(p).toString())
          .collect(Collectors.toCollection(TreeSet::new));
    }
  }

  /** The pid of nginx's master process, from run/nginx.pid. */
  long masterPid() throws IOException {
    return Long.parseLong(Files.readString(prefix.resolve("run/nginx.pid")).trim());
  }

  String accessLog() {
    return read(prefix.resolve("run/access.log"));
  }

  /** How long the access log is now, in bytes: where {@link #accessLogSince} reads on from. */
  long accessLogSize() throws IOException {
    Path log = prefix.resolve("run/access.log");
    return Files.exists(log) ? Files.size(log) : 0;
  }

  /** The access log written after it was {@code size} bytes long. */
  String accessLogSince(long size) throws IOException {
    try (SeekableByteChannel log = Files.newByteChannel(prefix.resolve("run/access.log"))) {
      log.position(size);
      return new String(Channels.newInputStream(log).readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** nginx's error log and console output, for failure messages. */
  String diagnostics() {
    return "--- nginx error.log ---\n"
        + read(prefix.resolve("run/error.log"))
        + "--- nginx output ---\n"
        + process.output();
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  /**
   * Stops nginx the way its master expects (TERM, then it waits for its workers) and deletes the
   * prefix. Killing the tree instead would race the master, which respawns a killed worker.
   */
  @Override
  public void close() throws IOException {
    try {
      Optional<ProcessHandle> master = ProcessHandle.of(masterPid());
      if (master.isPresent()) {
        Launched.kill("TERM", master.get().pid());
        master.get().onExit().get(20, TimeUnit.SECONDS);
      }
    } catch (IOException | NumberFormatException | ExecutionException | TimeoutException e) {
      // no pid file or a stuck master: the forced stop below still ends it
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      process.close();
      deleteTree(prefix);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> files = Files.walk(root)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** What to change in the shipped configuration before starting it. */
  static final class Builder {
    private List<String> apps = List.of("127.0.0.1:9");
    private boolean appsAreHosts;
    private boolean tls;
    private String user;
    private final List<String> trustedRequestIdSources = new ArrayList<>();
    private final Map<String, byte[]> extraStaticFiles = new LinkedHashMap<>();

    private Builder() {}

    /**
     * One app address in the shipped single-host shape (listed twice, never marked down). The
     * default is a port where nothing listens: the app is down.
     */
    Builder app(String hostPort) {
      this.apps = List.of(hostPort);
      this.appsAreHosts = false;
      return this;
    }

    /** Several app hosts, in the shape nginx.conf recommends for scaling out. */
    Builder hosts(String... hostPorts) {
      this.apps = List.of(hostPorts);
      this.appsAreHosts = true;
      return this;
    }

    /** Enables nginx/tls.conf on a free port with a self-signed certificate made by openssl. */
    Builder tls() {
      this.tls = true;
      return this;
    }

    /** Starts nginx as this (unprivileged) user instead of the test's own. */
    Builder user(String name) {
      this.user = name;
      return this;
    }

    /** Trusts X-Request-Id sent from this address, as a load balancer in front would be. */
    Builder trustRequestIdFrom(String address) {
      trustedRequestIdSources.add(address);
      return this;
    }

    /** Adds a file to nginx's copy of the static folder. */
    Builder staticFile(String name, byte[] content) {
      extraStaticFiles.put(name, content);
      return this;
    }

    /** Renders the configuration into a fresh prefix, starts nginx and waits until it serves. */
    Nginx start() throws IOException, InterruptedException {
      Path repo = Launched.repo();
      Path prefix =
          Files.createTempDirectory(
              "carafe-nginx-", PosixFilePermissions.asFileAttribute(readableByAll()));
      try {
        return start(repo, prefix);
      } catch (IOException | InterruptedException | RuntimeException | Error e) {
        deleteTree(prefix);
        throw e;
      }
    }

    private Nginx start(Path repo, Path prefix) throws IOException, InterruptedException {
      copyTree(repo.resolve("nginx"), prefix.resolve("nginx"));
      copyTree(repo.resolve(STATIC_FOLDER), prefix.resolve(STATIC_FOLDER));
      for (Map.Entry<String, byte[]> file : extraStaticFiles.entrySet()) {
        Files.write(prefix.resolve(STATIC_FOLDER).resolve(file.getKey()), file.getValue());
      }
      Path run = Files.createDirectories(prefix.resolve("run"));
      if (user != null) {
        UserPrincipal owner =
            run.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(user);
        Files.setOwner(run, owner);
      }

      int port = Launched.freePort();
      int tlsPort = tls ? Launched.freePort() : 0;
      Files.writeString(
          prefix.resolve("nginx.conf"),
          renderConf(Files.readString(repo.resolve("nginx.conf")), tlsPort),
          StandardCharsets.UTF_8);
      Path nginxFolder = prefix.resolve("nginx");
      Files.writeString(
          nginxFolder.resolve("listen.conf"),
          replace(
              Files.readString(nginxFolder.resolve("listen.conf")),
              "listen 127.0.0.1:8080;",
              "listen 127.0.0.1:" + port + ";"));
      Files.writeString(
          nginxFolder.resolve("upstream.conf"),
          renderUpstream(Files.readString(nginxFolder.resolve("upstream.conf"))));
      Files.writeString(
          nginxFolder.resolve("http.conf"),
          renderTrustedRequestIds(Files.readString(nginxFolder.resolve("http.conf"))));
      if (tls) {
        writeCertificate(prefix);
      }

      List<String> command = new ArrayList<>();
      if (user != null) {
        command.addAll(List.of("runuser", "-u", user, "--"));
      }
      command.addAll(
          List.of(
              nginxBinary(),
              "-p",
              prefix + "/",
              "-c",
              prefix + "/nginx.conf",
              "-g",
              "daemon off;"));
      Set<String> prepared = listFiles(prefix);
      Launched process = Launched.start(prefix, Map.of(), command.toArray(String[]::new));
      Nginx nginx = new Nginx(process, prefix, port, tlsPort, prepared);
      try {
        process.awaitHttp(nginx.url() + "/static/app.css", 200, Duration.ofSeconds(20));
      } catch (AssertionError e) {
        String diagnostics = nginx.diagnostics();
        nginx.close();
        throw new AssertionError(e.getMessage() + "\n" + diagnostics, e);
      }
      return nginx;
    }

    /** upstream.conf lists the app's address this often, so a failed try has retries left. */
    private static final int SHIPPED_APP_LINES = 4;

    private String renderUpstream(String upstream) {
      String shippedApp = "server 127.0.0.1:8000 max_fails=0;";
      String hostExample = "server 10.0.0.11:8000 max_fails=1 fail_timeout=10s;";
      requireShipped(upstream, "#   " + hostExample); // hosts() renders the shipped example
      List<String> servers = new ArrayList<>();
      for (String app : apps) {
        if (appsAreHosts) {
          servers.add(hostExample.replace("10.0.0.11:8000", app));
        } else {
          for (int i = 0; i < SHIPPED_APP_LINES; i++) {
            servers.add(shippedApp.replace("127.0.0.1:8000", app));
          }
        }
      }
      String shipped = String.join("\n", Collections.nCopies(SHIPPED_APP_LINES, shippedApp));
      return replace(upstream, shipped, String.join("\n", servers));
    }

    private String renderTrustedRequestIds(String http) {
      StringBuilder trusted = new StringBuilder();
      for (String address : trustedRequestIdSources) {
        trusted.append(address).append(" 1;\n    ");
      }
      return replace(http, "# 10.0.0.0/8 1;", trusted + "# 10.0.0.0/8 1;");
    }

    /** The checkout's nginx.conf, with its commented HTTPS server enabled on {@code tlsPort}. */
    private static String renderConf(String conf, int tlsPort) {
      if (tlsPort == 0) {
        return conf;
      }
      String block =
          conf.substring(
              conf.indexOf("    # server {"), conf.lastIndexOf("    # }") + "    # }".length());
      String enabled =
          block
              .lines()
              .map(line -> line.replaceFirst("^    # ", "    "))
              .map(line -> line.replace("127.0.0.1:8443", "127.0.0.1:" + tlsPort))
              .collect(Collectors.joining("\n"));
      requireShipped(enabled, "listen 127.0.0.1:" + tlsPort + " ssl");
      return conf.replace(block, enabled);
    }

    private static void writeCertificate(Path prefix) throws IOException, InterruptedException {
      Path dir = Files.createDirectories(prefix.resolve("nginx/tls"));
      Process openssl =
          new ProcessBuilder(
                  "openssl",
                  "req",
                  "-x509",
                  "-newkey",
                  "rsa:2048",
                  "-nodes",
                  "-days",
                  "2",
                  "-subj",
                  "/CN=localhost",
                  "-addext",
                  "subjectAltName=IP:127.0.0.1,DNS:localhost",
                  "-keyout",
                  dir.resolve("privkey.pem").toString(),
                  "-out",
                  dir.resolve("fullchain.pem").toString())
              .redirectErrorStream(true)
              .start();
      String output = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (openssl.waitFor() != 0) {
        throw new IOException("openssl could not make a test certificate:\n" + output);
      }
    }

    /** Replaces text the shipped configuration must contain, failing loudly if it moved. */
    private static String replace(String text, String shipped, String replacement) {
      requireShipped(text, shipped);
      return text.replace(shipped, replacement);
    }

    private static void requireShipped(String text, String shipped) {
      if (!text.contains(shipped)) {
        throw new IllegalStateException(
            "The shipped configuration no longer contains '"
                + shipped.strip()
                + "'; update the renderer in Nginx.java to match it.");
      }
    }

    private static Set<PosixFilePermission> readableByAll() {
      // nginx's workers run as nobody when started as root: they must reach the prefix.
      return PosixFilePermissions.fromString("rwxr-xr-x");
    }

    private static void copyTree(Path from, Path to) throws IOException {
      try (Stream<Path> files = Files.walk(from)) {
        for (Path source : files.toList()) {
          Path target = to.resolve(from.relativize(source).toString());
          if (Files.isDirectory(source)) {
            Files.createDirectories(target);
          } else {
            Files.copy(source, target);
          }
        }
      } catch (UncheckedIOException e) {
        throw e.getCause();
      }
    }

    private static String nginxBinary() {
      for (String candidate :
          List.of("/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx")) {
        if (Files.isExecutable(Path.of(candidate))) {
          return candidate;
        }
      }
      String path = System.getenv().getOrDefault("PATH", "");
      for (String dir : path.split(":")) {
        if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "nginx"))) {
          return Path.of(dir, "nginx").toString();
        }
      }
      throw new IllegalStateException(
          "These tests run a real nginx, and none is installed: apt-get install -y nginx"
              + " (.ci/run does this).");
    }
  }
}
