package dev.carafe.test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.UserPrincipal;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL server for a test, run from the machine's own binaries (Debian's {@code
 * postgresql} package keeps them in {@code /usr/lib/postgresql/<version>/bin}): a fresh cluster in
 * a temporary folder, on a free loopback port, with a user {@code carafe} that needs no password.
 * {@link #close()} stops it and deletes the folder. PostgreSQL refuses to run as root, so as root
 * it runs as the {@code postgres} user the package creates.
 *
 * <p>{@link #start(List, List)} makes it the database host of several app hosts: it also listens on
 * the given addresses of this machine and lets the given clients in with a password.
 *
 * <pre>{@code
 * assumeTrue(PostgreSql.binaries().isPresent(), PostgreSql.MISSING);
 * try (PostgreSql postgres = PostgreSql.start()) {
 *   Config config = Config.builder()
 *       .set("database_url", postgres.jdbcUrl())
 *       .set("database_user", postgres.user())
 *       .build();
 * }
 * }</pre>
 */
public final class PostgreSql implements AutoCloseable {
  /** Why a test that needs PostgreSQL is skipped. */
  public static final String MISSING =
      "PostgreSQL's server binaries are not installed (apt-get install postgresql)";

  private static final Path INSTALLED = Path.of("/usr/lib/postgresql");
  private static final String SERVICE_USER = "postgres";
  private static final String USER = "carafe";

  private final Path bin;
  private final Path folder;
  private final int port;
  private final List<String> addresses;
  private final String password;
  private boolean running;

  private PostgreSql(Path bin, Path folder, int port, List<String> addresses) {
    this.bin = bin;
    this.folder = folder;
    this.port = port;
    this.addresses = addresses;
    byte[] secret = new byte[16];
    new SecureRandom().nextBytes(secret);
    this.password = HexFormat.of().formatHex(secret);
  }

  /** The newest installed PostgreSQL's {@code bin} folder, if there is one. */
  public static Optional<Path> binaries() {
    if (!Files.isDirectory(INSTALLED)) {
      return Optional.empty();
    }
    try (Stream<Path> versions = Files.list(INSTALLED)) {
      return versions
          .map(version -> version.resolve("bin"))
          .filter(
              b ->
                  Files.isExecutable(b.resolve("initdb"))
                      && Files.isExecutable(b.resolve("pg_ctl")))
          .max(Comparator.comparing(PostgreSql::majorVersion));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Creates a cluster in a temporary folder and starts it; fails when the binaries are missing. */
  public static PostgreSql start() throws IOException, InterruptedException {
    return start(List.of(), List.of());
  }

  /**
   * Like {@link #start()}, and also listening on {@code addresses} for connections from {@code
   * clients}, which log in as {@link #user()} with {@link #password()}: one database host for
   * several app hosts. Each address must be this machine's own (a private network's, as {@code
   * 10.0.0.10}); the wildcard is refused, so the server never listens where nobody asked it to.
   */
  public static PostgreSql start(List<String> addresses, List<String> clients)
      throws IOException, InterruptedException {
    addresses.forEach(PostgreSql::requireOwnAddress);
    List<String> peers = clients.stream().map(PostgreSql::hostRule).toList();
    Path bin = binaries().orElseThrow(() -> new IllegalStateException(MISSING));
    Path folder = Files.createTempDirectory("carafe-postgresql-");
    PostgreSql server = new PostgreSql(bin, folder, freePort(), List.copyOf(addresses));
    try {
      if (asRoot()) {
        Files.setOwner(folder, serviceUser(folder));
      }
      server.initdb();
      // Appended after initdb's own lines: loopback keeps trusting everyone, as before.
      Files.write(server.data().resolve("pg_hba.conf"), peers, StandardOpenOption.APPEND);
      Set<String> listen = new LinkedHashSet<>(List.of("127.0.0.1"));
      listen.addAll(addresses);
      server.run(
          "pg_ctl",
          "-D",
          server.data().toString(),
          "-l",
          folder.resolve("server.log").toString(),
          "-w",
          "-t",
          "60",
          "-o",
          "-p " + server.port + " -k " + folder + " -h " + String.join(",", listen) + " -F",
          "start");
      server.running = true;
      return server;
    } catch (IOException | InterruptedException | RuntimeException e) {
      server.close();
      throw e;
    }
  }

  /** The JDBC URL of the {@code postgres} database the cluster starts with. */
  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
  }

  /** The same database at one of the addresses given to {@link #start(List, List)}. */
  public String jdbcUrl(String address) {
    if (!addresses.contains(address)) {
      throw new IllegalArgumentException(
          "PostgreSQL does not listen on " + address + "; it listens on " + addresses);
    }
    String host = address.contains(":") ? "[" + address + "]" : address;
    return "jdbc:postgresql://" + host + ":" + port + "/postgres";
  }

  /**
   * The user to connect as; it needs no password on 127.0.0.1, and {@link #password()} from the
   * clients given to {@link #start(List, List)}.
   */
  public String user() {
    return USER;
  }

  /** The user's password, a new one for each server. */
  public String password() {
    return password;
  }

  /** The port the server listens on, on 127.0.0.1 and every address it was given. */
  public int port() {
    return port;
  }

  /** Stops the server (fast: connections are cut) and keeps its data; {@link #close()} after. */
  public void stop() throws IOException, InterruptedException {
    if (running) {
      running = false;
      run("pg_ctl", "-D", data().toString(), "-m", "fast", "-w", "stop");
    }
  }

  /** Stops the server and deletes its folder. */
  @Override
  public void close() throws IOException {
    try {
      stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted while stopping PostgreSQL in " + folder, e);
    } finally {
      deleteTree(folder);
    }
  }

  private Path data() {
    return folder.resolve("data");
  }

  private void initdb() throws IOException, InterruptedException {
    Path passwordFile = folder.resolve("password");
    Files.writeString(passwordFile, password);
    if (asRoot()) {
      Files.setOwner(passwordFile, serviceUser(folder));
    }
    try {
      run(
          "initdb",
          "-D",
          data().toString(),
          "-U",
          USER,
          "--pwfile=" + passwordFile,
          "--auth=trust",
          "--no-sync",
          "--encoding=UTF8",
          "--locale=C");
    } finally {
      Files.delete(passwordFile);
    }
  }

  /** A pg_hba.conf line that lets one client in as the user, with the password. */
  private static String hostRule(String client) {
    InetAddress address = literal(client);
    int bits = address.getAddress().length * 8;
    return "host all " + USER + " " + address.getHostAddress() + "/" + bits + " scram-sha-256";
  }

  private static void requireOwnAddress(String address) {
    InetAddress ip = literal(address);
    try {
      if (!ip.isAnyLocalAddress()
          && (ip.isLoopbackAddress() || NetworkInterface.getByInetAddress(ip) != null)) {
        return;
      }
    } catch (SocketException e) {
      throw new IllegalArgumentException("Cannot list this machine's addresses", e);
    }
    throw new IllegalArgumentException(
        "PostgreSQL listens only on addresses of this machine, never on all of them: "
            + address
            + " is not one (give the host side of the network the clients reach it on)");
  }

  private static InetAddress literal(String address) {
    if (!address.matches("[0-9.]+|[0-9a-fA-F:]+")) {
      throw new IllegalArgumentException("Not an IP address: " + address);
    }
    try {
      return InetAddress.getByName(address);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("Not an IP address: " + address, e);
    }
  }

  private static UserPrincipal serviceUser(Path path) throws IOException {
    return path.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(SERVICE_USER);
  }

  private void run(String program, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    if (asRoot()) {
      command.addAll(List.of("runuser", "-u", SERVICE_USER, "--"));
    }
    command.add(bin.resolve(program).toString());
    command.addAll(List.of(args));
    Path output = Files.createTempFile("carafe-postgresql-", ".out");
    try {
      Process process =
          new ProcessBuilder(command)
              .directory(folder.toFile())
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .start();
      if (!process.waitFor(2, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new IOException(String.join(" ", command) + " did not finish in 2 minutes");
      }
      if (process.exitValue() != 0) {
        Path log = folder.resolve("server.log");
        throw new IOException(
            String.join(" ", command)
                + " failed with exit code "
                + process.exitValue()
                + ":\n"
                + Files.readString(output, StandardCharsets.UTF_8)
                + (Files.isReadable(log) ? Files.readString(log, StandardCharsets.UTF_8) : ""));
      }
    } finally {
      Files.deleteIfExists(output);
    }
  }

  private static boolean asRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static int majorVersion(Path bin) {
    try {
      return Integer.parseInt(bin.getParent().getFileName().toString());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attributes)
              throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException failure)
              throws IOException {
            Files.delete(dir);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
