package dev.notify.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HistoryFilterTest {
  private static final Instant T0 = Instant.parse("2024-05-01T09:00:00Z");

  private static HistoryEvent event(String id, HistoryEvent.Kind kind, Instant at) {
    return new HistoryEvent(1, id, at, kind, null, "", null);
  }

  @Test
  void matches_eachPartSet_andAllWhenUnset() {
    HistoryEvent sent = event("a1/alice/email", HistoryEvent.Kind.SENT, T0);
    assertThat(HistoryFilter.ALL.matches(sent)).isTrue();
    assertThat(HistoryFilter.ALL.kinds(HistoryEvent.Kind.QUEUED).matches(sent)).isFalse();
    assertThat(HistoryFilter.ALL.medium("email").matches(sent)).isTrue();
    assertThat(HistoryFilter.ALL.medium("mail").matches(sent)).isFalse();
    assertThat(HistoryFilter.ALL.from(T0).matches(sent)).isTrue();
    assertThat(HistoryFilter.ALL.from(T0.plusNanos(1)).matches(sent)).isFalse();
    assertThat(HistoryFilter.ALL.before(T0).matches(sent)).isFalse();
    assertThat(HistoryFilter.ALL.before(T0.plusNanos(1)).matches(sent)).isTrue();
    assertThat(HistoryFilter.ALL.current().currentOnly()).isTrue();
  }

  @Test
  void refusesWhatCannotMatch_withTheValues() {
    assertThatThrownBy(() -> HistoryFilter.ALL.from(T0).before(T0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(T0.toString());
    assertThatThrownBy(() -> HistoryFilter.ALL.medium(""))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new HistoryFilter(null, null, null, null, false))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("kinds cannot be null");
    assertThat(new HistoryFilter(Set.of(), null, null, null, false)).isEqualTo(HistoryFilter.ALL);
  }
}
