package dev.carafe.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
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
  void clientIsTheFirstUntrustedHopFromTheRight() {
    TrustedProxies trusted = TrustedProxies.parse("127.0.0.1,10.0.0.0/8");
    assertEquals("203.0.113.5", trusted.clientFrom("1.2.3.4, 203.0.113.5, 10.0.0.7", "127.0.0.1"));
  }

  @Test
  void forwardedForFromUntrustedPeerIsIgnored() {
    assertEquals("198.51.100.1", TrustedProxies.loopback().clientFrom("1.2.3.4", "198.51.100.1"));
  }
}
