package dev.carafe.bench.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TableTest {
  private static final Row ROW =
      new Row(
          "uploads",
          "prod",
          "9",
          "120",
          "3",
          "850",
          "1",
          "130 MB × 2",
          "410 MB × 2",
          "answers: 400×9; healthy failures: refused×3");

  @Test
  void aRowSurvivesItsFileLine() {
    assertEquals(ROW, Row.parse(ROW.tsv()));
  }

  @Test
  void tabsAndLineBreaksInAFindingDoNotBreakTheFile() {
    Row row =
        new Row("a", "dev", "1", "1", "0", "5", "0", "1 MB × 1", "1 MB × 1", "two\tparts\nsplit");
    assertEquals("two parts split", Row.parse(row.tsv()).finding());
  }

  @Test
  void aLineWithTooFewFieldsIsRefusedWithTheLine() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Row.parse("uploads\tprod"));
    assertTrue(e.getMessage().contains("uploads\tprod"), e.getMessage());
  }

  @Test
  void theTableHasAHeadingAndOneLinePerRowWithPipesEscaped() {
    Row piped = new Row("x", "nginx", "1", "–", "–", "–", "0", "no worker", "–", "a | b");
    List<String> lines = Table.render(List.of(ROW, piped)).lines().toList();
    assertTrue(lines.get(0).startsWith("| attack | target | attack requests |"), lines.get(0));
    assertEquals(
        "| uploads | prod | 9 | 120 | 3 | 850 | 1 | 130 MB × 2 | 410 MB × 2 |"
            + " answers: 400×9; healthy failures: refused×3 |",
        lines.get(2));
    assertTrue(lines.get(3).endsWith("| a \\| b |"), lines.get(3));
  }

  @Test
  void everyAttackHasAnExplainedName() {
    for (Plan plan : Plan.values()) {
      assertEquals(plan, Plan.named(plan.label()));
    }
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Plan.named("no-such-attack"));
    assertTrue(e.getMessage().contains("login-guessing"), e.getMessage());
  }
}
