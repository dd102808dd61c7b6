package dev.notify.settings;

import dev.notify.catalog.Channel;
import dev.notify.catalog.Frequency;
import dev.notify.catalog.Medium;
import dev.notify.internal.Checks;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One value a user chose: how often to be told about {@code option} over {@code medium}, for one
 * channel or (channel {@code null}) for every channel the option has, present or installed later.
 *
 * @param option the notification option id ({@code event} in JSON)
 * @param channel the channel, or {@code null} for an option-wide value
 * @param medium the medium
 * @param frequency the chosen frequency
 * @since 0.1.0
 */
public record Setting(
    String option, @Nullable Channel channel, Medium medium, Frequency frequency) {
  /**
   * Validates; whether the option exists and takes a channel is checked by {@link UserSettings}.
   */
  public Setting {
    Checks.id(option, "option");
    Checks.notNull(medium, "medium");
    Checks.notNull(frequency, "frequency");
  }

  /** An option-wide value. */
  public static Setting of(String option, Medium medium, Frequency frequency) {
    return new Setting(option, null, medium, frequency);
  }

  /** A value for one channel. */
  public static Setting of(String option, Channel channel, Medium medium, Frequency frequency) {
    return new Setting(option, Checks.notNull(channel, "channel"), medium, frequency);
  }

  /** The channel, empty for an option-wide value. */
  public Optional<Channel> channelIfAny() {
    return Optional.ofNullable(channel);
  }

  @Override
  public String toString() {
    return option
        + (channel == null ? "" : "/" + channel.id())
        + "/"
        + medium.id()
        + "="
        + frequency;
  }
}
