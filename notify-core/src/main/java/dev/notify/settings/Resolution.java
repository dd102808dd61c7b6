package dev.notify.settings;

import dev.notify.catalog.Frequency;

/**
 * What rule 1 gave one (option, medium) pair of one user: the frequency and the layer it came from.
 * The sixteen (layer, frequency) combinations by name, so that a reader of the engine sees the rule
 * and not an encoding of it.
 *
 * @since 0.2.0
 */
public enum Resolution {
  /** The default table says {@code NEVER}. */
  DEFAULT_TABLE_NEVER(Layer.DEFAULT_TABLE, Frequency.NEVER),
  /** The default table says {@code WHEN_LOGGED_OUT}. */
  DEFAULT_TABLE_WHEN_LOGGED_OUT(Layer.DEFAULT_TABLE, Frequency.WHEN_LOGGED_OUT),
  /** The default table says {@code ALWAYS}. */
  DEFAULT_TABLE_ALWAYS(Layer.DEFAULT_TABLE, Frequency.ALWAYS),
  /** The default table says {@code IF_UNREAD}. */
  DEFAULT_TABLE_IF_UNREAD(Layer.DEFAULT_TABLE, Frequency.IF_UNREAD),
  /** The user's value for all channels is {@code NEVER}. */
  OPTION_SETTING_NEVER(Layer.OPTION_SETTING, Frequency.NEVER),
  /** The user's value for all channels is {@code WHEN_LOGGED_OUT}. */
  OPTION_SETTING_WHEN_LOGGED_OUT(Layer.OPTION_SETTING, Frequency.WHEN_LOGGED_OUT),
  /** The user's value for all channels is {@code ALWAYS}. */
  OPTION_SETTING_ALWAYS(Layer.OPTION_SETTING, Frequency.ALWAYS),
  /** The user's value for all channels is {@code IF_UNREAD}. */
  OPTION_SETTING_IF_UNREAD(Layer.OPTION_SETTING, Frequency.IF_UNREAD),
  /** The user's value for the action's channel is {@code NEVER}. */
  CHANNEL_SETTING_NEVER(Layer.CHANNEL_SETTING, Frequency.NEVER),
  /** The user's value for the action's channel is {@code WHEN_LOGGED_OUT}. */
  CHANNEL_SETTING_WHEN_LOGGED_OUT(Layer.CHANNEL_SETTING, Frequency.WHEN_LOGGED_OUT),
  /** The user's value for the action's channel is {@code ALWAYS}. */
  CHANNEL_SETTING_ALWAYS(Layer.CHANNEL_SETTING, Frequency.ALWAYS),
  /** The user's value for the action's channel is {@code IF_UNREAD}. */
  CHANNEL_SETTING_IF_UNREAD(Layer.CHANNEL_SETTING, Frequency.IF_UNREAD),
  /** The organisation locked it at {@code NEVER}. */
  LOCKED_NEVER(Layer.ORGANIZATION_LOCK, Frequency.NEVER),
  /** The organisation locked it at {@code WHEN_LOGGED_OUT}. */
  LOCKED_WHEN_LOGGED_OUT(Layer.ORGANIZATION_LOCK, Frequency.WHEN_LOGGED_OUT),
  /** The organisation locked it at {@code ALWAYS}. */
  LOCKED_ALWAYS(Layer.ORGANIZATION_LOCK, Frequency.ALWAYS),
  /** The organisation locked it at {@code IF_UNREAD}. */
  LOCKED_IF_UNREAD(Layer.ORGANIZATION_LOCK, Frequency.IF_UNREAD);

  private static final Resolution[] VALUES = values();

  /** How many frequencies there are: each layer's resolutions take this many ordinals. */
  static final int FREQUENCIES = Frequency.values().length;

  private final Layer layer;
  private final Frequency frequency;

  Resolution(Layer layer, Frequency frequency) {
    this.layer = layer;
    this.frequency = frequency;
  }

  /** The layer that gave the frequency. */
  public Layer layer() {
    return layer;
  }

  /** The frequency. */
  public Frequency frequency() {
    return frequency;
  }

  /** The resolution of {@code frequency} from {@code layer}. */
  public static Resolution of(Layer layer, Frequency frequency) {
    return VALUES[index(layer, frequency)];
  }

  // The declaration order above is (layer from least to most specific, frequency by ordinal).
  static int index(Layer layer, Frequency frequency) {
    int specificity =
        switch (layer) {
          case DEFAULT_TABLE -> 0;
          case OPTION_SETTING -> 1;
          case CHANNEL_SETTING -> 2;
          case ORGANIZATION_LOCK -> 3;
        };
    return specificity * FREQUENCIES + frequency.ordinal();
  }
}
