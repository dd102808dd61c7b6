package dev.notify.settings;

import dev.notify.catalog.Catalog;
import dev.notify.catalog.Channel;
import dev.notify.catalog.Frequency;
import dev.notify.catalog.Medium;
import dev.notify.catalog.NotificationOption;
import dev.notify.internal.Checks;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An organisation's lock: the (option, medium) — on one channel, or on every channel when {@code
 * channel} is null — is {@code frequency} for every user of the organisation, whatever they set (a
 * mandatory notification, or one the organisation turns off). A lock for a channel wins over a lock
 * for every channel; both win over the user's values and the default table (rule 1 of {@code
 * docs/conformance/ORGANIZATIONS.md}). Users cannot change a locked key.
 *
 * @param option the option's id
 * @param medium the medium
 * @param channel the channel, or null for every channel
 * @param frequency what the key is for everyone
 * @since 0.3.0
 */
public record Lock(String option, Medium medium, @Nullable Channel channel, Frequency frequency) {
  /** Validates what needs no catalog. */
  public Lock {
    Checks.id(option, "option");
    Checks.notNull(medium, "medium");
    Checks.notNull(frequency, "frequency");
    Checks.argument(
        !(frequency == Frequency.IF_UNREAD && medium.isInApp()),
        "an in-app lock cannot be IF_UNREAD (in-app is what stays unread), got %s",
        frequency);
  }

  /**
   * Checks the lock against {@code catalog}: its option and medium exist, and a channel is one of
   * the catalog's on an option set per channel.
   *
   * @throws IllegalArgumentException naming what does not fit
   */
  public Lock checkedAgainst(Catalog catalog) {
    NotificationOption o =
        catalog
            .option(option)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        Checks.format("lock of unknown option %s", Checks.quote(option))));
    Checks.argument(
        catalog.hasMedium(medium),
        "lock of %s on medium %s, which the catalog does not have",
        Checks.quote(option),
        Checks.quote(medium.id()));
    if (channel != null) {
      Checks.argument(
          catalog.channels().contains(channel),
          "lock on unknown channel %s",
          Checks.quote(channel.id()));
      Checks.argument(
          o.perChannel(),
          "option %s is not set per channel: lock it for every channel (no channel)",
          Checks.quote(option));
    }
    return this;
  }

  /**
   * What two locks of one organisation may not share: option, medium and channel ({@code
   * "note.added/email/"} for every channel).
   */
  public String key() {
    return option + "/" + medium.id() + "/" + (channel == null ? "" : channel.id());
  }

  /** Whether this lock decides {@code option} on {@code medium} for an action on {@code at}. */
  public boolean covers(String option, Medium medium, @Nullable Channel at) {
    return this.option.equals(option)
        && this.medium.equals(medium)
        && (channel == null || channel.equals(at));
  }

  /**
   * The lock of {@code locks} deciding {@code option} on {@code medium} for an action on {@code at}
   * (null: the option-wide value): one for that channel over one for every channel; null when none
   * does.
   *
   * @since 0.3.0
   */
  public static @Nullable Lock deciding(
      List<Lock> locks, String option, Medium medium, @Nullable Channel at) {
    Lock found = null;
    for (Lock l : locks) {
      if (l.covers(option, medium, at) && (found == null || l.channel() != null)) {
        found = l;
      }
    }
    return found;
  }
}
