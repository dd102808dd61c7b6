/**
 * A small, dependency-free property-testing core: {@link dev.notify.testkit.property.Gen}erators
 * drawing from a recorded stream of choices, shrinking that works on every generator, seeded
 * reproducible runs, inside a plain JUnit {@code @Test} or as a {@code @TestFactory}. Uses nothing
 * of notify.
 */
@NullMarked
package dev.notify.testkit.property;

import org.jspecify.annotations.NullMarked;
