package com.example.blog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NextParameterTest {
  @ParameterizedTest(name = "next={0} is local: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "/create|true",
        "/3/update?tab=x|true",
        "/|true",
        "//evil.example/|false",
        "/\\evil.example|false",
        "https://evil.example/|false",
        "javascript:alert(1)|false",
        "evil.example|false",
        "''|false",
      })
  void onlyLocalPathsAreFollowedAfterLogin(String target, boolean local) {
    assertEquals(local, Auth.isLocalPath(target));
  }

  @ParameterizedTest
  @CsvSource({"/a%0d%0aSet-Cookie:x", "/a\tb"})
  void controlCharactersAreRefused(String target) {
    assertEquals(false, Auth.isLocalPath(target.replace("%0d%0a", "\r\n")));
  }
}
