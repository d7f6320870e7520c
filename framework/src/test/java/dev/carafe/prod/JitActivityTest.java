package dev.carafe.prod;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The warm-up's view of the JIT: if the JVM's compiler threads went unseen, it would not pace. */
class JitActivityTest {
  @Test
  void theJvmsCompilerThreadsAreFound() {
    assertTrue(JitActivity.compilerThreads() > 0, "no C1/C2 compiler thread in /proc/self/task");
  }
}
