package dev.carafe.prod;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.io.TempDir;

class RuntimeFolderTest {
  @RepeatedTest(20)
  void twoMastersCleaningTheSameDeadFolderAtOnceBothSucceed(@TempDir Path temp) throws Exception {
    Path dead = temp.resolve("carafe-master-1-1");
    for (int generation = 0; generation < 10; generation++) {
      Path jars = Files.createDirectories(dead.resolve("gen-" + generation + "/jars"));
      for (int jar = 0; jar < 30; jar++) {
        Files.writeString(jars.resolve(jar + ".jar"), "x");
      }
    }

    CompletableFuture<Void> first =
        CompletableFuture.runAsync(() -> RuntimeFolder.deleteTree(dead));
    CompletableFuture<Void> second =
        CompletableFuture.runAsync(() -> RuntimeFolder.deleteTree(dead));
    first.get();
    second.get();

    assertFalse(Files.exists(dead));
  }
}
