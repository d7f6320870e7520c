package dev.carafe.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.carafe.dev.ProjectLayout.Change;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProjectLayoutTest {
  private final ProjectLayout layout =
      ProjectLayout.of(
          Path.of("/home/ann/blog"), Optional.of(Path.of("/home/ann/blog/carafe.properties")));

  private Optional<Change> classify(String path) {
    return layout.classify(Path.of(path));
  }

  @Test
  void javaSourcesRecompileAndPropertiesReloadWithoutCompiling() {
    assertEquals(Optional.of(Change.SOURCE), classify("/home/ann/blog/src/main/java/x/App.java"));
    assertEquals(Optional.of(Change.CONFIG), classify("/home/ann/blog/carafe.properties"));
    assertEquals(
        Optional.of(Change.CONFIG),
        classify("/home/ann/blog/src/main/resources/messages.properties"));
  }

  @Test
  void aNewMigrationReloadsSoThatDevelopmentRunsIt() {
    assertEquals(
        Optional.of(Change.CONFIG),
        classify("/home/ann/blog/src/main/resources/db/migration/V2__tags.sql"));
    assertEquals(
        Optional.of(Change.CONFIG),
        classify("/home/ann/blog/src/main/resources/db/sqlite/V1__schema.sql"));
    assertEquals(
        Optional.of(Change.RESOURCE), classify("/home/ann/blog/src/main/resources/static/x.sql"));
  }

  @Test
  void templatesAndStaticFilesNeedNoReload() {
    assertEquals(
        Optional.of(Change.RESOURCE), classify("/home/ann/blog/src/main/resources/static/app.css"));
    assertEquals(
        Optional.of(Change.RESOURCE),
        classify("/home/ann/blog/src/main/resources/templates/index.peb"));
  }

  @Test
  void aDeletedSourceFolderRecompiles() {
    assertEquals(Optional.of(Change.SOURCE), classify("/home/ann/blog/src/main/java/x/gone"));
  }

  @Test
  void theBuildFileAsksForARestartAndOtherFilesMeanNothing() {
    assertEquals(Optional.of(Change.BUILD), classify("/home/ann/blog/pom.xml"));
    assertEquals(Optional.empty(), classify("/home/ann/blog/README.md"));
    assertEquals(Optional.empty(), classify("/home/ann/blog/target/classes/x/App.class"));
  }
}
