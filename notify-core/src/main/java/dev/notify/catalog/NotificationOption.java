package dev.notify.catalog;

import dev.notify.internal.Checks;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * One row of the settings page, for example {@code note.mentioned} ("I'm mentioned in a note"): an
 * action kind seen through a relationship.
 *
 * @param id the stable id, for example {@code "note.mentioned"}
 * @param label the user-facing wording
 * @param tab the settings tab it appears on
 * @param perChannel whether it is set per channel (only options of channel messages are)
 * @param soundCategory the sound it may play, or {@code null} for none
 * @param availability who may use it
 * @param audience who it concerns
 * @param specificity its precedence as a label: when one user qualifies for one action under
 *     several options, the delivery is labelled with the passing option of highest specificity
 * @param defaults the frequency per medium that a new default table gives it; media not listed
 *     default to {@link Frequency#NEVER}
 * @since 0.1.0
 */
public record NotificationOption(
    String id,
    String label,
    Tab tab,
    boolean perChannel,
    @Nullable SoundCategory soundCategory,
    Availability availability,
    Audience audience,
    int specificity,
    Map<Medium, Frequency> defaults) {

  /** Validates and copies. */
  public NotificationOption {
    Checks.id(id, "option");
    Checks.text(label, "label");
    Checks.notNull(tab, "tab");
    Checks.notNull(availability, "availability");
    Checks.notNull(audience, "audience");
    Checks.notNull(defaults, "defaults");
    defaults.forEach(
        (m, f) -> {
          Checks.notNull(m, "defaults medium");
          Checks.notNull(f, "defaults frequency");
          Checks.argument(
              !(f.isConditional() && m.isInApp()),
              "IF_UNREAD is for email and other external media, not %s (default of %s)",
              m.id(),
              id);
        });
    defaults = Map.copyOf(defaults);
  }

  /** The sound category, if the option may play a sound. */
  public Optional<SoundCategory> sound() {
    return Optional.ofNullable(soundCategory);
  }

  /** The declared default for {@code medium}, {@link Frequency#NEVER} when none is declared. */
  public Frequency defaultFor(Medium medium) {
    return defaults.getOrDefault(Checks.notNull(medium, "medium"), Frequency.NEVER);
  }

  /** Starts a builder for a host's own option; the builder's javadoc lists its defaults. */
  public static Builder builder(String id) {
    return new Builder(id);
  }

  @Override
  public String toString() {
    return id;
  }

  /**
   * Builds a {@link NotificationOption}. Defaults: tab {@link Tab#TIMELINE}, not per channel, no
   * sound, available to everyone, specificity 0, every medium {@link Frequency#NEVER}. The audience
   * and label are required. Not thread-safe; {@link #build()} copies.
   */
  public static final class Builder {
    private final String id;
    private @Nullable String label;
    private Tab tab = Tab.TIMELINE;
    private boolean perChannel;
    private @Nullable SoundCategory sound;
    private Availability availability = Availability.EVERYONE;
    private @Nullable Audience audience;
    private int specificity;
    private final Map<Medium, Frequency> defaults = new TreeMap<>();

    private Builder(String id) {
      this.id = Checks.id(id, "option");
    }

    /** The user-facing wording. */
    public Builder label(String label) {
      this.label = label;
      return this;
    }

    /** The tab of the settings page. */
    public Builder tab(Tab tab) {
      this.tab = Checks.notNull(tab, "tab");
      return this;
    }

    /** Whether the option is set per channel. */
    public Builder perChannel(boolean perChannel) {
      this.perChannel = perChannel;
      return this;
    }

    /** The sound category it may play, {@code null} for none. */
    public Builder sound(@Nullable SoundCategory sound) {
      this.sound = sound;
      return this;
    }

    /** Who may use it. */
    public Builder availability(Availability availability) {
      this.availability = Checks.notNull(availability, "availability");
      return this;
    }

    /** Who it concerns. */
    public Builder audience(Audience audience) {
      this.audience = Checks.notNull(audience, "audience");
      return this;
    }

    /** Its precedence as a label among options of the same action kind (higher wins). */
    public Builder specificity(int specificity) {
      this.specificity = specificity;
      return this;
    }

    /** The default frequency for {@code medium}. */
    public Builder defaultFor(Medium medium, Frequency frequency) {
      defaults.put(Checks.notNull(medium, "medium"), Checks.notNull(frequency, "frequency"));
      return this;
    }

    /** Builds the option; the record refuses a label or audience that was not set, naming it. */
    @SuppressWarnings("NullAway") // the record checks the parts left unset: one check, one message
    public NotificationOption build() {
      return new NotificationOption(
          id, label, tab, perChannel, sound, availability, audience, specificity, defaults);
    }
  }
}
