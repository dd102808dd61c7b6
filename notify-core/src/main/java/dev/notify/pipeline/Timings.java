package dev.notify.pipeline;

import dev.notify.NotifyException;
import dev.notify.internal.Checks;
import dev.notify.settings.OrganizationSettings;
import dev.notify.spi.Directory;
import dev.notify.spi.OrganizationStore;
import dev.notify.spi.TimingProvider;
import dev.notify.spi.TimingStore;
import dev.notify.timeline.UserTiming;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Users' timings as notify keeps them: the user's saved timing, else their organisation's default
 * timing, else {@link UserTiming#DEFAULT}. A host's own {@link TimingProvider} replaces all of it,
 * and then saving here is refused rather than kept where nothing reads it. Thread-safe.
 */
final class Timings implements TimingProvider {
  private final TimingStore store;
  private final @Nullable TimingProvider host;
  private final Directory directory;
  private final @Nullable String organizationId;
  private final @Nullable OrganizationStore organizations;

  Timings(
      TimingStore store,
      @Nullable TimingProvider host,
      Directory directory,
      @Nullable String organizationId,
      @Nullable OrganizationStore organizations) {
    this.store = store;
    this.host = host;
    this.directory = directory;
    this.organizationId = organizationId;
    this.organizations = organizations;
  }

  /** What publish and the workers ask: the host's provider, or the stored timing. */
  TimingProvider provider() {
    return host != null ? host : this;
  }

  @Override
  public UserTiming timingOf(String userId) {
    Optional<UserTiming> saved = store.load(userId);
    if (saved.isPresent()) {
      return saved.get();
    }
    UserTiming org = organizationDefault();
    return org != null ? org : UserTiming.DEFAULT;
  }

  /**
   * The timings of {@code userIds}, each user's as {@link #timingOf} answers, in one read of the
   * store and of the organisation: publish asks for all recipients at once.
   */
  Map<String, UserTiming> timingsOf(Set<String> userIds) {
    Map<String, UserTiming> out = new HashMap<>(userIds.size() * 2);
    if (host != null) {
      for (String u : userIds) {
        out.put(u, Checks.notNull(host.timingOf(u), "the timing of " + u));
      }
      return out;
    }
    Map<String, UserTiming> saved = store.loadAll(userIds);
    UserTiming fallback = null;
    for (String u : userIds) {
      UserTiming t = saved.get(u);
      if (t == null) {
        if (fallback == null) {
          UserTiming org = organizationDefault();
          fallback = org != null ? org : UserTiming.DEFAULT;
        }
        t = fallback;
      }
      out.put(u, t);
    }
    return out;
  }

  /** The organisation's default timing as stored now, or null. */
  @Nullable UserTiming organizationDefault() {
    if (organizations == null || organizationId == null) {
      return null;
    }
    OrganizationSettings o = organizations.load(organizationId).settings();
    return o == null ? null : o.timing();
  }

  /** See {@link Notifier#saveTiming}. */
  void save(String userId, UserTiming timing) {
    Checks.notNull(timing, "timing");
    known(userId);
    store.save(userId, timing);
  }

  /** See {@link Notifier#clearTiming}. */
  boolean clear(String userId) {
    known(userId);
    return store.clear(userId);
  }

  /** See {@link Notifier#timingOf}. */
  UserTiming effective(String userId) {
    Checks.notNull(userId, "userId");
    return provider().timingOf(userId);
  }

  private void known(String userId) {
    Checks.notNull(userId, "userId");
    if (host != null) {
      throw new IllegalStateException(
          "this notifier reads timings from the host's TimingProvider"
              + " (NotifierBuilder.timings): save them where that provider reads them");
    }
    if (directory.user(userId).isEmpty()) {
      throw new NotifyException(
          "userId",
          Checks.format(
              "unknown user %s: timings are kept only for users of the directory",
              Checks.quote(userId)));
    }
  }
}
