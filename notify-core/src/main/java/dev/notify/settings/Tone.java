package dev.notify.settings;

import dev.notify.catalog.Channel;
import dev.notify.catalog.SoundCategory;
import dev.notify.internal.Checks;
import org.jspecify.annotations.Nullable;

/**
 * A sound a user chose for a category of event; for {@link SoundCategory#NEW_MESSAGE} it may be for
 * one channel (which wins over the tone for all channels).
 *
 * @param category the sound category
 * @param channel the channel, or {@code null} for all channels
 * @param tone the tone id, any non-blank text without control characters
 * @since 0.1.0
 */
public record Tone(SoundCategory category, @Nullable Channel channel, String tone) {
  /** Validates; whether the category takes a channel is checked by {@link UserSettings}. */
  public Tone {
    Checks.notNull(category, "category");
    Checks.text(tone, "tone");
  }

  /** A tone for every channel. */
  public static Tone of(SoundCategory category, String tone) {
    return new Tone(category, null, tone);
  }
}
