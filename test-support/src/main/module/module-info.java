/** Carafe's test support: {@code dev.carafe.test}, an app on a random port and a client for it. */
module dev.carafe.test {
  exports dev.carafe.test;

  requires transitive dev.carafe;
  requires transitive unirest.java.core;
  requires unirest.modules.jackson;
}
