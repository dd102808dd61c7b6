package dev.notify.catalog;

import dev.notify.internal.Checks;

/**
 * The kinds of event a user can attach a sound to. Only {@link #NEW_MESSAGE} is set per channel (a
 * tone for one channel wins over the tone for all channels).
 *
 * @since 0.1.0
 */
public enum SoundCategory {
  /** A new message; the tone may be set per channel or for all channels. */
  NEW_MESSAGE("new_message", true),
  /** I'm assigned to a conversation. */
  ASSIGNED("assigned", false),
  /** I'm mentioned in a note. */
  MENTIONED("mentioned", false),
  /** A team I'm on is mentioned in a note. */
  TEAM_MENTIONED("team_mentioned", false);

  private final String id;
  private final boolean perChannel;

  SoundCategory(String id, boolean perChannel) {
    this.id = id;
    this.perChannel = perChannel;
  }

  /** The stable id used in JSON and storage, for example {@code "new_message"}. */
  public String id() {
    return id;
  }

  /** Whether a tone of this category may be set for one channel. */
  public boolean perChannel() {
    return perChannel;
  }

  /**
   * Returns the category with this id.
   *
   * @throws IllegalArgumentException quoting the id when no category has it
   */
  public static SoundCategory fromId(String id) {
    Checks.notNull(id, "sound category");
    for (SoundCategory c : values()) {
      if (c.id.equals(id)) {
        return c;
      }
    }
    throw new IllegalArgumentException(
        Checks.format(
            "unknown sound category %s (known: new_message, assigned, mentioned, team_mentioned)",
            Checks.quote(id)));
  }
}
