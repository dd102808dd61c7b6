package dev.notify.engine;

import dev.notify.catalog.Channel;
import dev.notify.catalog.Frequency;
import dev.notify.catalog.NotificationOption;
import dev.notify.internal.Checks;
import dev.notify.settings.Layer;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Why the engine decided what it did for one medium, as data: the outcome, the option that decided
 * (the label when delivered, the most specific qualifying option when not), its resolved frequency
 * and the layer that gave it.
 *
 * @param outcome what was decided
 * @param option the deciding option, or {@code null} for {@link Outcome#ACTOR} and {@link
 *     Outcome#NOT_IN_AUDIENCE}
 * @param frequency the deciding option's resolved frequency, or {@code null} when no setting was
 *     resolved
 * @param layer the layer that gave the frequency, or {@code null} when no setting was resolved
 * @param channel the channel of a {@link Layer#CHANNEL_SETTING}, else {@code null}
 * @param tableVersion the default table's version for {@link Layer#DEFAULT_TABLE}, else {@code
 *     null}
 * @param organization the organisation whose default table or lock decided, when the engine is an
 *     organisation's ({@link DecisionEngine#forOrganization}); else {@code null}
 * @since 0.1.0
 */
public record Reason(
    Outcome outcome,
    @Nullable NotificationOption option,
    @Nullable Frequency frequency,
    @Nullable Layer layer,
    @Nullable Channel channel,
    @Nullable String tableVersion,
    @Nullable String organization) {
  /** Validates that the parts fit together. */
  public Reason {
    Checks.notNull(outcome, "outcome");
    boolean resolved =
        outcome == Outcome.DELIVERED || outcome == Outcome.NEVER || outcome == Outcome.LOGGED_IN;
    Checks.argument(
        !resolved || (option != null && frequency != null && layer != null),
        "outcome %s needs an option, a frequency and a layer",
        outcome);
    Checks.argument(
        (layer == Layer.CHANNEL_SETTING) == (channel != null),
        "a channel goes with layer CHANNEL_SETTING only, got %s",
        layer);
    Checks.argument(
        (layer == Layer.DEFAULT_TABLE) == (tableVersion != null),
        "a table version goes with layer DEFAULT_TABLE only, got %s",
        layer);
    Checks.argument(
        organization == null || layer == Layer.DEFAULT_TABLE || layer == Layer.ORGANIZATION_LOCK,
        "an organisation goes with its default table or lock only, got %s",
        layer);
  }

  /** A reason decided by no organisation's table or lock. */
  public Reason(
      Outcome outcome,
      @Nullable NotificationOption option,
      @Nullable Frequency frequency,
      @Nullable Layer layer,
      @Nullable Channel channel,
      @Nullable String tableVersion) {
    this(outcome, option, frequency, layer, channel, tableVersion, null);
  }

  /** The deciding option, if any. */
  public Optional<NotificationOption> optionIfAny() {
    return Optional.ofNullable(option);
  }

  /** One line of English, for logs, the {@code explain} command and support staff. */
  public String explain() {
    String source =
        layer == null
            ? ""
            : switch (layer) {
              case CHANNEL_SETTING ->
                  "the user's setting for channel " + Checks.notNull(channel, "channel").id();
              case OPTION_SETTING -> "the user's setting for all channels";
              case DEFAULT_TABLE ->
                  organization == null
                      ? "default table " + tableVersion
                      : "the default of " + organization + ", table " + tableVersion;
              case ORGANIZATION_LOCK -> "locked by your organisation";
            };
    // Validated: every outcome that names an option has one.
    String optionId = option == null ? "" : option.id();
    return switch (outcome) {
      case DELIVERED -> optionId + " is " + frequency + " (" + source + ")";
      case NEVER -> optionId + " is NEVER (" + source + ")";
      case LOGGED_IN -> optionId + " is WHEN_LOGGED_OUT (" + source + ") and the user is logged in";
      case UNAVAILABLE -> optionId + " is a legacy option unavailable to this user";
      case ACTOR -> "the user did this action";
      case NOT_OFFERED -> "this host does not offer the medium (no transport is configured)";
      case NOT_IN_AUDIENCE -> "no option of this action concerns the user";
    };
  }
}
