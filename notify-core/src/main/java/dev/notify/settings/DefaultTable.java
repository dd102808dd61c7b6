package dev.notify.settings;

import dev.notify.catalog.Catalog;
import dev.notify.catalog.Frequency;
import dev.notify.catalog.Medium;
import dev.notify.catalog.NotificationOption;
import dev.notify.internal.Checks;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The frequencies a user follows for every key they never set: a versioned value. A user who never
 * touched a key follows whatever table the engine runs with, so publishing a new table version
 * reaches them; a key they set is theirs.
 *
 * <p>A table lists (option, medium) pairs; a pair it does not list is {@link Frequency#NEVER}.
 * Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class DefaultTable {
  /** The version of the product's initial defaults, as published in the seed's table. */
  public static final String STANDARD_VERSION = "standard-1";

  private static final DefaultTable STANDARD = fromCatalog(STANDARD_VERSION, Catalog.standard());

  private final String version;
  private final Map<String, Map<Medium, Frequency>> entries;

  private DefaultTable(String version, Map<String, Map<Medium, Frequency>> entries) {
    this.version = Checks.text(version, "version");
    Map<String, Map<Medium, Frequency>> copy = new TreeMap<>();
    entries.forEach((k, v) -> copy.put(k, Map.copyOf(v)));
    this.entries = Map.copyOf(copy);
  }

  /** The product's initial defaults for new users (version {@value #STANDARD_VERSION}). */
  public static DefaultTable standard() {
    return STANDARD;
  }

  /** A table made of each option's declared {@link NotificationOption#defaults() defaults}. */
  public static DefaultTable fromCatalog(String version, Catalog catalog) {
    Checks.notNull(catalog, "catalog");
    Builder b = new Builder(version);
    for (NotificationOption o : catalog.options()) {
      for (Medium m : catalog.media()) {
        b.set(o.id(), m, o.defaultFor(m));
      }
    }
    return b.build();
  }

  /** A builder for a new version that starts from this table's entries. */
  public Builder toBuilder(String newVersion) {
    Builder b = new Builder(newVersion);
    entries.forEach((o, row) -> row.forEach((m, f) -> b.set(o, m, f)));
    return b;
  }

  /** An empty table builder. */
  public static Builder builder(String version) {
    return new Builder(version);
  }

  /** The version, shown in every decision this table made. */
  public String version() {
    return version;
  }

  /** The default for (option, medium); {@link Frequency#NEVER} when the table does not list it. */
  public Frequency frequency(String option, Medium medium) {
    Checks.notNull(option, "option");
    Checks.notNull(medium, "medium");
    Map<Medium, Frequency> row = entries.get(option);
    Frequency f = row == null ? null : row.get(medium);
    return f == null ? Frequency.NEVER : f;
  }

  /** Every listed entry: option id → medium → frequency. */
  public Map<String, Map<Medium, Frequency>> entries() {
    return entries;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DefaultTable t && t.version.equals(version) && t.entries.equals(entries);
  }

  @Override
  public int hashCode() {
    return Objects.hash(version, entries);
  }

  @Override
  public String toString() {
    return "DefaultTable[" + version + ", " + entries.size() + " options]";
  }

  /** Builds a {@link DefaultTable}. Not thread-safe; {@link #build()} copies. */
  public static final class Builder {
    private final String version;
    private final Map<String, Map<Medium, Frequency>> entries = new TreeMap<>();

    private Builder(String version) {
      this.version = Checks.text(version, "version");
    }

    /** Sets the default of (option, medium). */
    public Builder set(String option, Medium medium, Frequency frequency) {
      Checks.id(option, "option");
      Checks.notNull(medium, "medium");
      Checks.notNull(frequency, "frequency");
      Checks.argument(
          !(frequency.isConditional() && medium.isInApp()),
          "IF_UNREAD is for email and other external media, not %s (default of %s)",
          medium.id(),
          option);
      entries.computeIfAbsent(option, k -> new TreeMap<>()).put(medium, frequency);
      return this;
    }

    /** Builds the table. */
    public DefaultTable build() {
      return new DefaultTable(version, entries);
    }
  }
}
