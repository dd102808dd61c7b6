/**
 * What happens in the host: the actions the engine decides about, one record per kind and {@link
 * dev.notify.action.CustomAction} for a host's own kinds. Uses the catalog and below.
 */
@NullMarked
package dev.notify.action;

import org.jspecify.annotations.NullMarked;
