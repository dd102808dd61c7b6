/**
 * notify's stores on PostgreSQL 15+ and H2 2.x: {@link dev.notify.jdbc.JdbcStores} makes the
 * settings store, inbox, outbox and shared presence over the host's {@code DataSource}; {@link
 * dev.notify.jdbc.Migrations} owns the versioned schema. Uses notify-core's SPIs and {@code
 * java.sql} only.
 */
@NullMarked
package dev.notify.jdbc;

import org.jspecify.annotations.NullMarked;
