package dev.carafe.prod;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SignalsTest {
  @Test
  void aSignalToThisProcessReachesTheQueue() throws Exception {
    BlockingQueue<String> received = new LinkedBlockingQueue<>();
    Signals.forward(List.of("TTIN"), received::add);
    new ProcessBuilder("kill", "-TTIN", String.valueOf(ProcessHandle.current().pid()))
        .inheritIO()
        .start()
        .waitFor();
    assertEquals("TTIN", received.poll(10, TimeUnit.SECONDS));
  }
}
