package dev.notify.examples.scenario;

import dev.notify.action.Action;
import dev.notify.memory.FixedPresence;
import dev.notify.memory.InMemoryDirectory;
import dev.notify.memory.InMemorySettingsStore;
import java.util.List;

/**
 * A scenario of the conformance format, read and validated: an organisation (directory, presences,
 * settings, all behind the real SPIs) and the actions that happen in it.
 *
 * @param directory users, teams and followers
 * @param presence each user's presence
 * @param settings each user's saved settings
 * @param actions the actions, in document order
 */
public record Scenario(
    InMemoryDirectory directory,
    FixedPresence presence,
    InMemorySettingsStore settings,
    List<Action> actions) {
  /** Copies the action list. */
  public Scenario {
    actions = List.copyOf(actions);
  }
}
