package dev.carafe.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PostgreSqlTest {
  @Test
  void refusesToListenOnEveryAddressOrOnAnotherMachines() {
    for (String address : List.of("0.0.0.0", "::", "*", "192.0.2.1")) {
      assertThrows(
          IllegalArgumentException.class,
          () -> PostgreSql.start(List.of(address), List.of()).close(),
          address);
    }
  }

  @Test
  void theGivenClientsLogInWithThePasswordOnTheGivenAddress() throws Exception {
    assumeTrue(PostgreSql.binaries().isPresent(), PostgreSql.MISSING);
    Optional<String> own = ownAddress();
    assumeTrue(own.isPresent(), "this machine has no IPv4 address besides loopback");
    String address = own.get();
    // Connecting to its own address, this machine is the client at that address too.
    try (PostgreSql postgres = PostgreSql.start(List.of(address), List.of(address))) {
      assertTrue(postgres.jdbcUrl(address).startsWith("jdbc:postgresql://" + address + ":"));
      assertEquals("1", psql(postgres, address, postgres.password()).trim());
      String refused = psql(postgres, address, "not-the-password");
      assertTrue(refused.contains("password authentication failed"), refused);
      assertThrows(IllegalArgumentException.class, () -> postgres.jdbcUrl("10.9.9.9"));
    }
  }

  /** What psql prints for {@code SELECT 1}, or why it could not log in. */
  private static String psql(PostgreSql postgres, String host, String password)
      throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder(
                PostgreSql.binaries().orElseThrow().resolve("psql").toString(),
                "-h",
                host,
                "-p",
                String.valueOf(postgres.port()),
                "-U",
                postgres.user(),
                "-d",
                "postgres",
                "-w",
                "-tAc",
                "SELECT 1")
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    builder.environment().put("PGPASSWORD", password);
    Process psql = builder.start();
    String output = new String(psql.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    psql.waitFor();
    return output;
  }

  private static Optional<String> ownAddress() throws SocketException {
    return NetworkInterface.networkInterfaces()
        .filter(PostgreSqlTest::isUp)
        .flatMap(NetworkInterface::inetAddresses)
        .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress())
        .map(InetAddress::getHostAddress)
        .findFirst();
  }

  private static boolean isUp(NetworkInterface nic) {
    try {
      return nic.isUp();
    } catch (SocketException e) {
      return false;
    }
  }
}
