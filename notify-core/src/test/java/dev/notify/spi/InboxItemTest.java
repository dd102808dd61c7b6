package dev.notify.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.notify.internal.InboxItems;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * An inbox item is a value, validated by its public constructors, and the library's path agrees.
 */
class InboxItemTest {
  private static final Instant AT = Instant.parse("2024-05-01T09:00:00Z");

  private static InboxItem item(String id, boolean read) {
    return new InboxItem(
        id,
        "bob",
        "a1",
        "conversation.assigned",
        "x assigned k1",
        AT,
        read,
        read,
        false,
        "why",
        "/k1",
        null);
  }

  @Test
  void equalParts_makeEqualItems_withARecordsHashAndText() {
    assertThat(item("a1/bob/in_app", false))
        .isEqualTo(item("a1/bob/in_app", false))
        .hasSameHashCodeAs(item("a1/bob/in_app", false))
        .isNotEqualTo(item("a1/bob/in_app", true))
        .isNotEqualTo(item("a2/bob/in_app", false));
    assertThat(item("a1/bob/in_app", false).toString())
        .isEqualTo(
            "InboxItem[id=a1/bob/in_app, userId=bob, actionId=a1, option=conversation.assigned,"
                + " text=x assigned k1, createdAt=2024-05-01T09:00:00Z, read=false, seen=false,"
                + " archived=false, reason=why, link=/k1, snoozedUntil=null]");
    InboxItem snoozed = item("a1/bob/in_app", false).asSnoozed(AT.plusSeconds(60));
    assertThat(snoozed.snoozedUntil()).isEqualTo(AT.plusSeconds(60));
    assertThat(snoozed).isNotEqualTo(item("a1/bob/in_app", true));
    assertThat(snoozed.asAwake()).isEqualTo(item("a1/bob/in_app", false));
  }

  @Test
  void theLibrarysPath_makesTheItemTheValidatingConstructorMakes() {
    InboxItem trusted =
        InboxItems.trusted(
            InboxItem.class,
            "a1/bob/in_app",
            "bob",
            "a1",
            "conversation.assigned",
            "x assigned k1",
            AT,
            "why",
            "/k1");
    assertThat(trusted).isEqualTo(item("a1/bob/in_app", false));
    assertThat(trusted.read() || trusted.seen() || trusted.archived()).isFalse();
    assertThat(trusted.snoozedUntilIfAny()).isEmpty();
  }

  @Test
  void thePublicConstructors_stillValidate() {
    assertThatThrownBy(() -> item(" ", false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("id");
    assertThatThrownBy(
            () ->
                new InboxItem(
                    "i", "bob", "a1", "Not An Id", "t", AT, false, false, false, "", "", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Not An Id");
    assertThatThrownBy(
            () -> new InboxItem("i", "bob", "a1", "o", "t", AT, true, false, false, "", "", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a read item is seen");
    assertThatThrownBy(
            () -> new InboxItem("i", null, "a1", "o", "t", AT, false, false, false, "", "", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("userId cannot be null");
  }
}
