/**
 * Generators of notify's domain: catalogs, tenures, settings, organisations, actions and whole
 * scenarios. Uses the property core and notify-core's API.
 */
@NullMarked
package dev.notify.testkit.gen;

import org.jspecify.annotations.NullMarked;
