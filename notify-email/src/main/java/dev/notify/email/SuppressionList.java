package dev.notify.email;

import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Addresses the provider marked inactive (hard bounce, spam complaint): sending to them again would
 * fail, so senders skip them and report a permanent failure. The host reads the list to flag the
 * users, and removes an address once it is fixed. Thread-safe.
 *
 * @since 0.1.0
 */
public final class SuppressionList {
  private final Set<String> addresses = ConcurrentHashMap.newKeySet();

  /** An empty list. */
  public SuppressionList() {}

  /** Adds an address. */
  public void add(EmailAddress address) {
    addresses.add(Objects.requireNonNull(address, "address cannot be null").normalized());
  }

  /** Removes an address; returns whether it was there. */
  public boolean remove(EmailAddress address) {
    return addresses.remove(Objects.requireNonNull(address, "address cannot be null").normalized());
  }

  /** Whether an address is suppressed. */
  public boolean contains(EmailAddress address) {
    return addresses.contains(
        Objects.requireNonNull(address, "address cannot be null").normalized());
  }

  /** Every suppressed address, sorted. */
  public Set<String> addresses() {
    return Set.copyOf(new TreeSet<>(addresses));
  }
}
