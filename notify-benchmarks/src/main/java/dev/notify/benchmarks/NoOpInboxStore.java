package dev.notify.benchmarks;

import dev.notify.spi.InboxFilter;
import dev.notify.spi.InboxItem;
import dev.notify.spi.InboxStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** An inbox that accepts every item and keeps none, so a benchmark measures the pipeline. */
final class NoOpInboxStore implements InboxStore {
  long appended;

  @Override
  public boolean append(InboxItem item) {
    appended++;
    return true;
  }

  @Override
  public List<InboxItem> page(String userId, int offset, int limit) {
    return List.of();
  }

  @Override
  public long unreadCount(String userId) {
    return 0;
  }

  @Override
  public boolean markRead(String userId, String itemId) {
    return false;
  }

  @Override
  public int markAllRead(String userId) {
    return 0;
  }

  @Override
  public long unseenCount(String userId) {
    return 0;
  }

  @Override
  public int markSeen(String userId, InboxFilter filter) {
    return 0;
  }

  @Override
  public int markRead(String userId, InboxFilter filter) {
    return 0;
  }

  @Override
  public int archive(String userId, InboxFilter filter) {
    return 0;
  }

  @Override
  public List<InboxItem> archivedPage(String userId, int offset, int limit) {
    return List.of();
  }

  @Override
  public int snooze(String userId, InboxFilter filter, Instant until) {
    return 0;
  }

  @Override
  public Optional<InboxItem> wake(String userId, String itemId, Instant until) {
    return Optional.empty();
  }

  @Override
  public List<InboxItem> snoozedPage(String userId, int offset, int limit) {
    return List.of();
  }

  @Override
  public int deleteCreatedBefore(Instant cutoff) {
    return 0;
  }
}
