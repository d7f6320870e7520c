package dev.carafe.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carafe.internal.TrustedProxies.Forwarded;
import java.net.InetAddress;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TrustedProxiesTest {
  @Test
  void loopbackDefaultTrustsIpv4AndIpv6Loopback() {
    TrustedProxies trusted = TrustedProxies.loopback();
    assertTrue(trusted.trusts("127.0.0.1"));
    assertTrue(trusted.trusts("127.8.9.10"));
    assertTrue(trusted.trusts("::1"));
    assertTrue(trusted.trusts("[::1]"));
    assertFalse(trusted.trusts("10.0.0.1"));
  }

  @Test
  void cidrBlocksMatchTheirRange() {
    TrustedProxies trusted = TrustedProxies.parse("10.0.0.0/8, 192.168.1.0/24");
    assertTrue(trusted.trusts("10.200.1.2"));
    assertTrue(trusted.trusts("192.168.1.77"));
    assertFalse(trusted.trusts("192.168.2.1"));
  }

  @Test
  void prefixesEndMidByte() throws Exception {
    TrustedProxies trusted = TrustedProxies.parse("172.16.0.0/12, 10.128.0.0/9, fd00::/7");
    assertTrue(trusted.trusts("172.31.255.255"));
    assertFalse(trusted.trusts("172.32.0.1"));
    assertTrue(trusted.trusts("10.200.0.1"));
    assertFalse(trusted.trusts("10.127.0.1"));
    assertTrue(trusted.trusts(InetAddress.getByName("fdab::1")));
    assertFalse(trusted.trusts(InetAddress.getByName("fe80::1")));
    assertTrue(TrustedProxies.parse("0.0.0.0/0").trusts("203.0.113.9"));
  }

  @Test
  void starTrustsEveryone() {
    assertTrue(TrustedProxies.parse("*").trusts("203.0.113.9"));
  }

  @Test
  void hostNamesAreRefusedWithoutDnsLookups() {
    var e =
        assertThrows(
            IllegalArgumentException.class, () -> TrustedProxies.parse("proxy.example.com"));
    assertTrue(e.getMessage().contains("not an IP address"), e.getMessage());
    assertFalse(TrustedProxies.loopback().trusts("localhost"));
  }

  @Test
  void badPrefixLengthIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> TrustedProxies.parse("10.0.0.0/33"));
  }

  @Test
  void eachHeaderTakesTheValueItsProxiesAddedCountingFromTheRight() {
    // Werkzeug's ProxyFix(x_for=2, x_host=1): values[-2] and values[-1].
    TrustedProxies trusted = hops("2", "1");
    assertEquals("203.0.113.5", trusted.clientFrom("1.2.3.4, 203.0.113.5, 10.0.0.7", "127.0.0.1"));
    assertEquals(
        Optional.of("shop.example"),
        trusted.forwarded(Forwarded.HOST, "evil.example, shop.example"));
  }

  @Test
  void aHeaderWithFewerValuesThanProxiesIsIgnored() {
    // ProxyFix ignores it too: it did not pass through every trusted proxy.
    TrustedProxies trusted = hops("2", "1");
    assertEquals("127.0.0.1", trusted.clientFrom("203.0.113.5", "127.0.0.1"));
    assertEquals(Optional.empty(), trusted.forwarded(Forwarded.FOR, "203.0.113.5"));
  }

  @Test
  void noProxiesCountedIgnoresTheHeader() {
    TrustedProxies trusted = hops("0", "0");
    assertEquals("127.0.0.1", trusted.clientFrom("203.0.113.5", "127.0.0.1"));
    assertEquals(Optional.empty(), trusted.forwarded(Forwarded.HOST, "shop.example"));
  }

  @Test
  void aCountThatIsNoWholeNumberIsRefusedNamingItsSetting() {
    var e = assertThrows(IllegalArgumentException.class, () -> hops("-1", "1"));
    assertTrue(e.getMessage().startsWith("forwarded_for_hops must be the number"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> hops("1", "two"));
  }

  /** Loopback proxies, with these counts for X-Forwarded-For and -Host and one for the rest. */
  private static TrustedProxies hops(String forwardedFor, String host) {
    Map<String, String> settings =
        Map.of(
            "forwarded_allow_ips", "127.0.0.1",
            "forwarded_for_hops", forwardedFor,
            "forwarded_proto_hops", "1",
            "forwarded_host_hops", host,
            "forwarded_port_hops", "1",
            "forwarded_prefix_hops", "1");
    return TrustedProxies.from(key -> Optional.ofNullable(settings.get(key)));
  }

  @Test
  void forwardedForFromUntrustedPeerIsIgnored() {
    assertEquals("198.51.100.1", TrustedProxies.loopback().clientFrom("1.2.3.4", "198.51.100.1"));
  }
}
