/**
 * Layer 2: one user's sparse settings, the versioned default tables, and rule 1 of the decision
 * rules (resolution: channel value, else all-channels value, else the default table), compiled by
 * {@link dev.notify.settings.Resolver}. The packed form of settings the engine reads is described
 * there and in the package-private {@code SettingKeys}, nowhere else. Uses the catalog and below.
 */
@NullMarked
package dev.notify.settings;

import org.jspecify.annotations.NullMarked;
