package dev.carafe.prod;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** One Prometheus scrape made of the master's and the workers' own. */
class ScrapeMergeTest {
  private static String worker(int id, double requests) {
    return """
        # HELP http_server_requests_seconds Requests served
        # TYPE http_server_requests_seconds histogram
        http_server_requests_seconds_count{endpoint="hello",worker="%d"} %s
        http_server_requests_seconds_sum{endpoint="hello",worker="%d"} 0.5
        # HELP jvm_threads_live_threads Live threads
        # TYPE jvm_threads_live_threads gauge
        jvm_threads_live_threads{worker="%d"} 20.0
        """
        .formatted(id, requests, id, id);
  }

  @Test
  void eachFamilyIsWrittenOnceWithTheSamplesOfEveryScrape() {
    String master =
        """
        # HELP carafe_reloads_total Rolling reloads begun
        # TYPE carafe_reloads_total counter
        carafe_reloads_total 2.0
        """;
    assertEquals(
        """
        # HELP carafe_reloads_total Rolling reloads begun
        # TYPE carafe_reloads_total counter
        carafe_reloads_total 2.0
        # HELP http_server_requests_seconds Requests served
        # TYPE http_server_requests_seconds histogram
        http_server_requests_seconds_count{endpoint="hello",worker="1"} 3.0
        http_server_requests_seconds_sum{endpoint="hello",worker="1"} 0.5
        http_server_requests_seconds_count{endpoint="hello",worker="2"} 5.0
        http_server_requests_seconds_sum{endpoint="hello",worker="2"} 0.5
        # HELP jvm_threads_live_threads Live threads
        # TYPE jvm_threads_live_threads gauge
        jvm_threads_live_threads{worker="1"} 20.0
        jvm_threads_live_threads{worker="2"} 20.0
        """,
        ScrapeMerge.merge(List.of(master, worker(1, 3.0), worker(2, 5.0))));
  }

  @Test
  void aFamilyOnlyOneWorkerHasKeepsItsOwnComments() {
    String extra =
        """
        # HELP hikaricp_connections Connections
        # TYPE hikaricp_connections gauge
        hikaricp_connections{pool="db",worker="2"} 4.0
        """;
    String merged = ScrapeMerge.merge(List.of(worker(1, 1.0), "", worker(2, 1.0) + extra));
    assertEquals(
        List.of(
            "# HELP hikaricp_connections Connections",
            "# TYPE hikaricp_connections gauge",
            "hikaricp_connections{pool=\"db\",worker=\"2\"} 4.0"),
        merged.lines().filter(l -> l.contains("hikaricp")).toList());
    assertEquals(1, merged.lines().filter(l -> l.startsWith("# TYPE jvm_threads")).count());
  }
}
