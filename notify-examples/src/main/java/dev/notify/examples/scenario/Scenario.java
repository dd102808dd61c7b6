package dev.notify.examples.scenario;

import dev.notify.action.Action;
import dev.notify.memory.FixedPresence;
import dev.notify.memory.InMemoryDirectory;
import dev.notify.memory.InMemorySettingsStore;
import dev.notify.settings.DefaultTable;
import dev.notify.settings.Lock;
import dev.notify.timeline.UserTiming;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A scenario of the conformance format, read and validated: an organisation (directory, presences,
 * settings, all behind the real SPIs) and the actions that happen in it.
 *
 * @param directory users, teams and followers
 * @param presence each user's presence
 * @param settings each user's saved settings
 * @param actions the actions, in document order
 * @param timing the timeline, or null when the actions have no instants
 * @param locks the organisation's locks ({@code ORGANIZATIONS.md}), none when empty
 * @param defaults the organisation's own default table, or null for the standard one
 */
public record Scenario(
    InMemoryDirectory directory,
    FixedPresence presence,
    InMemorySettingsStore settings,
    List<Action> actions,
    @Nullable Timing timing,
    List<Lock> locks,
    @Nullable Defaults defaults) {
  /** Copies the lists. */
  public Scenario {
    actions = List.copyOf(actions);
    locks = List.copyOf(locks);
  }

  /** A scenario without locks. */
  public Scenario(
      InMemoryDirectory directory,
      FixedPresence presence,
      InMemorySettingsStore settings,
      List<Action> actions,
      @Nullable Timing timing) {
    this(directory, presence, settings, actions, timing, List.of(), null);
  }

  /**
   * An organisation's own default table ({@code ORGANIZATIONS.md}).
   *
   * @param organization the organisation's name, which reasons give
   * @param table the table: the standard one with the organisation's values
   */
  public record Defaults(String organization, DefaultTable table) {}

  /** A scenario without instants: the seed's rules only. */
  public Scenario(
      InMemoryDirectory directory,
      FixedPresence presence,
      InMemorySettingsStore settings,
      List<Action> actions) {
    this(directory, presence, settings, actions, null);
  }

  /**
   * The timeline of a scenario whose actions have instants ({@code TIMELINE.md}).
   *
   * @param users each user's quiet hours, unread delay and digest (absent: the defaults)
   * @param urgent the options that pass quiet hours and digests
   * @param reads when users read the in-app notification of an action
   */
  public record Timing(Map<String, UserTiming> users, Set<String> urgent, List<Read> reads) {
    /** Copies. */
    public Timing {
      users = Map.copyOf(users);
      urgent = Set.copyOf(urgent);
      reads = List.copyOf(reads);
    }
  }

  /**
   * A user read the in-app notification of an action.
   *
   * @param path where the scenario says so, for errors
   */
  public record Read(String user, String action, Instant at, String path) {}
}
