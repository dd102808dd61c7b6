package dev.notify.webpush;

import dev.notify.catalog.Catalog;
import dev.notify.catalog.Frequency;
import dev.notify.catalog.Medium;
import dev.notify.catalog.NotificationOption;
import dev.notify.engine.DecisionEngine;
import dev.notify.settings.DefaultTable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Web push as a medium of the catalog, decided like the others (Always, When logged out, Never per
 * option, per user, in the default table, the dry run and {@code explain}). Its default: <b>When
 * logged out</b> for each option whose in-app default is Always, <b>Never</b> for the rest — a
 * browser pop-up matters most when the agent's tab is closed, and what the product does not pop up
 * in the app should not pop up on the desktop either. Opt-in: the standard catalog stays as it is,
 * so hosts without web push see no new column. Stateless.
 *
 * @since 0.3.0
 */
public final class WebPushCatalog {
  /** The default table's version of the standard table with web push. */
  public static final String STANDARD_VERSION = DefaultTable.STANDARD_VERSION + "+web_push";

  private static final Catalog STANDARD = withWebPush(Catalog.standard());

  private WebPushCatalog() {}

  /**
   * The standard catalog with web push, one instance: give the same to the stores ({@code
   * JdbcStores.Builder.catalog}) and the engine ({@link #standardEngine()}), which must agree.
   */
  public static Catalog standard() {
    return STANDARD;
  }

  /** Web push's default for {@code option}: When logged out where in-app is Always, else Never. */
  public static Frequency defaultFor(NotificationOption option) {
    return option.defaultFor(Medium.IN_APP) == Frequency.ALWAYS
        ? Frequency.WHEN_LOGGED_OUT
        : Frequency.NEVER;
  }

  /**
   * {@code base} with the medium {@code web_push}, each option declaring web push's default.
   *
   * @throws IllegalArgumentException when {@code base} has it already
   */
  public static Catalog withWebPush(Catalog base) {
    Objects.requireNonNull(base, "base cannot be null");
    if (base.hasMedium(WebPushTransport.WEB_PUSH)) {
      throw new IllegalArgumentException("the catalog has medium web_push already");
    }
    Catalog.Builder b = Catalog.builder();
    base.channels().forEach(b::addChannel);
    base.media().forEach(b::addMedium);
    b.addMedium(WebPushTransport.WEB_PUSH);
    for (NotificationOption o : base.options()) {
      Map<Medium, Frequency> defaults = new LinkedHashMap<>(o.defaults());
      defaults.put(WebPushTransport.WEB_PUSH, defaultFor(o));
      b.addOption(
          new NotificationOption(
              o.id(),
              o.label(),
              o.tab(),
              o.perChannel(),
              o.soundCategory(),
              o.availability(),
              o.audience(),
              o.specificity(),
              defaults));
    }
    return b.build();
  }

  /** {@code base} as version {@code version}, with web push's default for each option. */
  public static DefaultTable withWebPush(DefaultTable base, Catalog catalog, String version) {
    DefaultTable.Builder b = base.toBuilder(version);
    for (NotificationOption o : catalog.options()) {
      b.set(o.id(), WebPushTransport.WEB_PUSH, defaultFor(o));
    }
    return b.build();
  }

  /**
   * The standard catalog and table with web push ({@value #STANDARD_VERSION}), on {@link
   * #standard()}.
   */
  public static DecisionEngine standardEngine() {
    return DecisionEngine.create(
        STANDARD, withWebPush(DefaultTable.standard(), STANDARD, STANDARD_VERSION));
  }
}
