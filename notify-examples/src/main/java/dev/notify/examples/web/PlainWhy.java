package dev.notify.examples.web;

import dev.notify.catalog.Frequency;
import dev.notify.catalog.Medium;
import dev.notify.engine.Reason;
import java.util.Locale;
import java.util.Objects;

/**
 * A decision's reason in the settings page's own words, for the agent it concerns: "You chose
 * Always for “I'm mentioned in a note”" rather than the support line {@link Reason#explain()}
 * ({@code note.mentioned is ALWAYS (default table standard-1)}), which the simulator still shows
 * beside it for whoever wants the detail.
 */
final class PlainWhy {
  private PlainWhy() {}

  /** What a frequency's drop-down says. */
  static String frequency(Frequency f) {
    return switch (f) {
      case ALWAYS -> "Always";
      case WHEN_LOGGED_OUT -> "When logged out";
      case NEVER -> "Never";
      case IF_UNREAD -> "If still unread";
    };
  }

  /** What the settings page calls a medium. */
  static String medium(Medium m) {
    return m.equals(Medium.IN_APP) ? "In-app" : m.equals(Medium.EMAIL) ? "Email" : m.id();
  }

  /** {@code r}, for the agent it concerns, about {@code medium}. */
  static String say(Reason r, Medium medium) {
    String option = r.optionIfAny().map(o -> "\u201c" + o.label() + "\u201d").orElse("");
    String value = r.frequency() == null ? "" : frequency(Objects.requireNonNull(r.frequency()));
    String setting =
        r.layer() == null
            ? ""
            : switch (r.layer()) {
              case CHANNEL_SETTING ->
                  "you chose "
                      + value
                      + " for "
                      + option
                      + " on "
                      + SettingsPage.channelLabel(Objects.requireNonNull(r.channel()));
              case OPTION_SETTING -> "you chose " + value + " for " + option;
              case DEFAULT_TABLE ->
                  option
                      + " is "
                      + value
                      + " by default"
                      + (r.organization() == null ? "" : " at " + r.organization());
              case ORGANIZATION_LOCK -> "your organisation set " + option + " to " + value;
            };
    String by = medium(medium);
    return switch (r.outcome()) {
      case DELIVERED, NEVER -> capital(setting) + " (" + by + ").";
      case LOGGED_IN -> capital(setting) + " (" + by + "), and you are logged in.";
      case UNAVAILABLE -> option + " is no longer offered to you (" + by + ").";
      case ACTOR -> "You did this yourself.";
      case NOT_OFFERED -> "This help desk does not send " + by.toLowerCase(Locale.ROOT) + ".";
      case NOT_IN_AUDIENCE -> "Nothing in this concerns you.";
    };
  }

  private static String capital(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
