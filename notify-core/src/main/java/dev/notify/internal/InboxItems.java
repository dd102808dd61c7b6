package dev.notify.internal;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The library's own way to make an inbox item from parts it validated already, without validating
 * them again: a fan-out writes thousands of items whose ids, text and link were checked once for
 * the whole publish. {@code dev.notify.spi.InboxItem} registers its unchecked constructor here when
 * its class initialises; the pipeline asks for items through {@link #trusted}. Generic because this
 * package sits below the SPI and names none of its types. Not exported: hosts and stores use the
 * validating constructors.
 */
public final class InboxItems {
  private InboxItems() {}

  /**
   * Makes a new item (unread, unseen, not archived, not snoozed) from validated parts.
   *
   * @param <T> the item's type
   */
  @FunctionalInterface
  public interface Maker<T> {
    /** The item; nothing checked. */
    T make(
        String id,
        String userId,
        String actionId,
        String option,
        String text,
        Instant createdAt,
        String reason,
        String link);
  }

  private static volatile @Nullable Maker<?> maker;

  /** Called once, by the item's class initialisation. */
  public static void register(Maker<?> m) {
    if (maker != null) {
      throw new IllegalStateException("an inbox item maker is registered already");
    }
    maker = Checks.notNull(m, "m");
  }

  /**
   * A new item of {@code type} from parts the caller validated: {@code id}, {@code userId}, {@code
   * actionId}, {@code option} as ids, {@code text} and a non-empty {@code link} as text a store
   * keeps, none null. Whatever is not validated is the caller's bug, so only the library calls it.
   */
  public static <T> T trusted(
      Class<T> type,
      String id,
      String userId,
      String actionId,
      String option,
      String text,
      Instant createdAt,
      String reason,
      String link) {
    Maker<?> m = maker;
    if (m == null) {
      try {
        Class.forName(type.getName(), true, type.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(e);
      }
      m = maker;
      if (m == null) {
        throw new IllegalStateException(type.getName() + " did not register its maker");
      }
    }
    return type.cast(m.make(id, userId, actionId, option, text, createdAt, reason, link));
  }
}
