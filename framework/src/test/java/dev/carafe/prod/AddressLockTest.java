package dev.carafe.prod;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AddressLockTest {
  @TempDir Path folder;

  private AddressLock take(String bind, String namespace) throws AddressLock.Held {
    return AddressLock.take(Bind.parse(bind), folder, namespace);
  }

  @Test
  void aSecondMasterOnTheSameAddressIsToldWhichMasterHasIt() throws Exception {
    long pid = ProcessHandle.current().pid();
    AddressLock first = take("127.0.0.1:8000", "4026531840");
    try {
      AddressLock.Held held =
          assertThrows(AddressLock.Held.class, () -> take("localhost:8000", "4026531840"));
      assertEquals(
          "another Carafe master (pid "
              + pid
              + ") serves localhost:8000. Stop it first (kill -TERM "
              + pid
              + "), or give this one another address with --bind.",
          held.getMessage());
    } finally {
      first.close();
    }
    take("127.0.0.1:8000", "4026531840").close();
  }

  @Test
  void theSamePortInAnotherNetworkNamespaceOrOnAnotherAddressIsAnotherAddress() throws Exception {
    List<AddressLock> locks = new ArrayList<>();
    try {
      locks.add(take("127.0.0.1:8000", "4026531840"));
      locks.add(take("127.0.0.1:8000", "4026532999"));
      locks.add(take("127.0.0.1:8001", "4026531840"));
      locks.add(take("127.0.0.2:8000", "4026531840"));
    } finally {
      locks.forEach(AddressLock::close);
    }
    assertEquals(4, locks.size());
  }

  @Test
  void aUnixSocketIsLockedByItsPath() throws Exception {
    Path socket = folder.resolve("run/app.sock");
    AddressLock first = take("unix:" + socket, "1");
    try {
      assertThrows(
          AddressLock.Held.class, () -> take("unix:" + folder.resolve("run/../run/app.sock"), "2"));
    } finally {
      first.close();
    }
  }

  @Test
  void theNetworkNamespaceIsThisProcesssOwn() throws Exception {
    String link = Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString();
    assertEquals(link, "net:[" + AddressLock.networkNamespace() + "]");
  }
}
