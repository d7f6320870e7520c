package dev.carafe.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The BOM has no parent (importing it must manage only what it lists), so it repeats the test
 * libraries' versions: they must stay those Carafe itself is built and tested with.
 */
class BomTest {
  private static final Path REPO =
      Path.of(System.getProperty("carafe.repo", "..")).toAbsolutePath().normalize();

  @Test
  void theBomPinsTheTestLibrariesCarafeIsTestedWith() throws Exception {
    Document parent = read(REPO.resolve("pom.xml"));
    Document bom = read(REPO.resolve("bom/pom.xml"));
    for (String property : List.of("junit.version", "unirest.version")) {
      assertEquals(property(parent, property), property(bom, property), property);
    }
    assertEquals(text(parent, "version"), text(bom, "version"));
  }

  @Test
  void theBomManagesEveryCarafeLibrary() throws Exception {
    String bom = Files.readString(REPO.resolve("bom/pom.xml"));
    for (String artifact : List.of("carafe", "carafe-database", "carafe-test")) {
      assertTrue(bom.contains("<artifactId>" + artifact + "</artifactId>"), artifact);
    }
  }

  private static Document read(Path pom) throws Exception {
    return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
  }

  private static String property(Document pom, String name) {
    Element properties = (Element) pom.getElementsByTagName("properties").item(0);
    return properties.getElementsByTagName(name).item(0).getTextContent().trim();
  }

  /** The text of a direct child of the project element. */
  private static String text(Document pom, String tag) {
    var children = pom.getDocumentElement().getChildNodes();
    for (int i = 0; i < children.getLength(); i++) {
      if (children.item(i) instanceof Element e && e.getTagName().equals(tag)) {
        return e.getTextContent().trim();
      }
    }
    throw new AssertionError("no <" + tag + "> in the pom");
  }
}
