/** JUnit 5 support: {@link dev.carafe.test.CarafeTest} runs an app on a free port for a test. */
package dev.carafe.test;
