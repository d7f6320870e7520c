package dev.carafe.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** The one client-address resolver the app's view and the access log share. */
class ClientAddressTest {
  private final TrustedProxies loopback = TrustedProxies.loopback();

  @Test
  void anUntrustedPeerIsTheClientWhateverItForwards() {
    assertEquals("198.51.100.1", loopback.clientAddress("198.51.100.1", "203.0.113.7"));
  }

  @Test
  void aTrustedPeerWithoutAChainIsTheClient() {
    assertEquals("127.0.0.1", loopback.clientAddress("127.0.0.1", null));
    assertEquals("::1", loopback.clientAddress("::1", " "));
  }

  @Test
  void behindATrustedPeerTheClientIsTheAddressItsProxyAdded() {
    // Werkzeug's ProxyFix(x_for=1): the rightmost address; those left of it came from the client.
    assertEquals("203.0.113.5", loopback.clientAddress("127.0.0.1", "1.2.3.4, 203.0.113.5"));
  }

  @Test
  void aTrustedAddressTheClientWroteIntoTheChainIsNotSkipped() {
    // nginx appending ($proxy_add_x_forwarded_for) for a client on this host: 127.0.0.1 is what
    // the proxy saw, and what ProxyFix(x_for=1) answers; 203.0.113.5 is only the client's claim.
    assertEquals("127.0.0.1", loopback.clientAddress("127.0.0.1", "203.0.113.5, 127.0.0.1"));
  }

  @Test
  void aUnixSocketPeerIsAProxyOnThisHostNamedUnixWhenItNamesNoClient() {
    assertEquals("203.0.113.7", loopback.clientAddress("", "203.0.113.7"));
    assertEquals("203.0.113.7", loopback.clientAddress((String) null, "203.0.113.7"));
    assertEquals("unix", loopback.clientAddress("", null));
    assertEquals("unix", loopback.clientAddress((String) null, ""));
    assertEquals("unix", TrustedProxies.parse("10.0.0.0/8").clientAddress("", null));
  }

  @Test
  void aParsedPeerFollowsTheSameRule() throws Exception {
    InetAddress local = InetAddress.getByName("127.0.0.1");
    InetAddress outside = InetAddress.getByName("198.51.100.1");
    assertEquals("198.51.100.1", loopback.clientAddress(outside, "203.0.113.7"));
    assertEquals("127.0.0.1", loopback.clientAddress(local, null));
    assertEquals("203.0.113.5", loopback.clientAddress(local, "1.2.3.4, 203.0.113.5"));
    assertEquals("203.0.113.7", loopback.clientAddress((InetAddress) null, "203.0.113.7"));
    assertEquals("unix", loopback.clientAddress((InetAddress) null, null));
  }
}
