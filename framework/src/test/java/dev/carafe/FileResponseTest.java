package dev.carafe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carafe.FileResponse.Part;
import dev.carafe.FileResponse.Unsatisfiable;
import dev.carafe.FileResponse.Whole;
import org.junit.jupiter.api.Test;

class FileResponseTest {
  @Test
  void singleRangesAreParsedAndClampedToTheFile() {
    assertEquals(new Part(0, 9), FileResponse.parseRange("bytes=0-9", 100));
    assertEquals(new Part(90, 99), FileResponse.parseRange("bytes=90-", 100));
    assertEquals(new Part(90, 99), FileResponse.parseRange("bytes=90-500", 100));
    assertEquals(new Part(95, 99), FileResponse.parseRange("bytes=-5", 100));
    assertEquals(new Part(0, 99), FileResponse.parseRange("bytes=-500", 100));
    assertEquals(new Part(3, 3), FileResponse.parseRange("BYTES = 3-3".replace(" ", ""), 100));
  }

  @Test
  void rangesBeyondTheFileAreUnsatisfiable() {
    assertTrue(FileResponse.parseRange("bytes=100-", 100) instanceof Unsatisfiable);
    assertTrue(FileResponse.parseRange("bytes=-0", 100) instanceof Unsatisfiable);
    assertTrue(FileResponse.parseRange("bytes=0-", 0) instanceof Unsatisfiable);
  }

  @Test
  void malformedOrMultipleRangesServeTheWholeFile() {
    for (String header :
        new String[] {
          "bytes=5-2", "bytes=a-b", "items=0-1", "bytes=0-1,5-6", "bytes=", "bytes=7"
        }) {
      assertTrue(FileResponse.parseRange(header, 100) instanceof Whole, header);
    }
  }

  @Test
  void httpDatesHaveTwoDigitDays() {
    assertEquals("Tue, 03 Jun 2008 11:05:30 GMT", FileResponse.httpDate(1212491130000L));
  }
}
