package dev.notify.examples.scenario;

import dev.notify.catalog.Channel;
import dev.notify.catalog.Frequency;
import dev.notify.catalog.Medium;
import org.jspecify.annotations.Nullable;

/**
 * One {@code {"event", "channel"?, "medium", "frequency"}} object of a scenario, parsed: a user's
 * setting, an organisation's default or lock are written the same way.
 *
 * @param event the option's id, not yet checked against the catalog
 * @param channel the channel, or null for every channel
 * @param medium the medium
 * @param frequency the frequency
 */
record SettingValue(String event, @Nullable Channel channel, Medium medium, Frequency frequency) {
  /** Reads one; each bad field is refused with its path. */
  static SettingValue read(Json s) {
    String event = s.requiredString("event");
    String channel = s.optionalString("channel");
    String medium = s.requiredString("medium");
    String frequency = s.requiredString("frequency");
    Frequency f = ScenarioReader.parse(() -> Frequency.parse(frequency), s.path("frequency"));
    Medium m = ScenarioReader.parse(() -> Medium.of(medium), s.path("medium"));
    Channel c =
        channel == null ? null : ScenarioReader.parse(() -> Channel.of(channel), s.path("channel"));
    return new SettingValue(event, c, m, f);
  }
}
