package dev.notify.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class InboxFilterTest {
  private static final Instant T0 = Instant.parse("2024-05-01T09:00:00Z");

  private static InboxItem item(String id, String option, Instant at) {
    return new InboxItem(id, "alice", "a-" + id, option, "text", at, false);
  }

  @Test
  void matches_byIdsOptionsAndAge() {
    InboxItem n1 = item("n1", "note.added", T0);
    assertThat(InboxFilter.ALL.matches(n1)).isTrue();
    assertThat(InboxFilter.ofIds("n1", "n2").matches(n1)).isTrue();
    assertThat(InboxFilter.ofIds("n2").matches(n1)).isFalse();
    assertThat(InboxFilter.ALL.options(List.of("note.added")).matches(n1)).isTrue();
    assertThat(InboxFilter.ALL.options(List.of("note.mentioned")).matches(n1)).isFalse();
    assertThat(InboxFilter.ALL.before(T0).matches(n1)).isFalse();
    assertThat(InboxFilter.ALL.before(T0.plusNanos(1)).matches(n1)).isTrue();
  }

  @Test
  void refusesTooManyIds_andBadOptions_withTheValues() {
    List<String> many = IntStream.range(0, 1001).mapToObj(i -> "n" + i).toList();
    assertThatThrownBy(() -> InboxFilter.ofIds(many))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1001");
    assertThatThrownBy(() -> InboxFilter.ALL.options(List.of("Not An Id")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Not An Id");
    assertThatThrownBy(() -> InboxFilter.ofIds((List<String>) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("itemIds cannot be null");
  }

  @Test
  void anItem_isSeenWhenRead_andReadWhenArchived() {
    assertThatThrownBy(
            () -> new InboxItem("n1", "alice", "a", "note.added", "t", T0, true, false, false, ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a read item is seen");
    assertThatThrownBy(
            () -> new InboxItem("n1", "alice", "a", "note.added", "t", T0, false, true, true, ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("an archived item is read");
    InboxItem old = item("n1", "note.added", T0);
    assertThat(old.seen()).isFalse();
    assertThat(old.reason()).isEmpty();
    InboxItem archived = old.asArchived();
    assertThat(archived.read() && archived.seen() && archived.archived()).isTrue();
    assertThat(old.asSeen().read()).isFalse();
    assertThat(old.asRead().seen()).isTrue();
  }
}
