package dev.notify.testkit.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notify.memory.InMemoryInboxStore;
import dev.notify.spi.InboxItem;
import dev.notify.testkit.property.Gen;
import dev.notify.testkit.property.Property;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The badge equals the number of unread inbox items after any sequence of operations. */
class InboxBadgeProperties {
  record Op(int kind, String user, int item, int age) {}

  static Gen<List<Op>> ops() {
    Gen<Op> op =
        s ->
            new Op(
                Gen.ints(0, 4).generate(s),
                Gen.of("alice", "bob").generate(s),
                Gen.ints(0, 20).generate(s),
                Gen.ints(0, 100).generate(s));
    return op.list(0, 80);
  }

  @Test
  void badgeEqualsUnreadItems() {
    Property.forAll(ops()).named("badge equals unread items").check(InboxBadgeProperties::check);
  }

  private static void check(List<Op> ops) {
    InMemoryInboxStore store = new InMemoryInboxStore();
    Instant t0 = Instant.parse("2024-05-01T00:00:00Z");
    Map<String, Map<String, Boolean>> model = new HashMap<>(); // user → item → read
    Map<String, String> owner = new HashMap<>();
    Map<String, Integer> ages = new HashMap<>();
    for (Op op : ops) {
      String id = "n" + op.item();
      switch (op.kind()) {
        case 0, 1 -> {
          boolean added =
              store.append(
                  new InboxItem(
                      id, op.user(), "a", "note.added", "t", t0.plusSeconds(op.age()), false));
          assertThat(added).isEqualTo(!owner.containsKey(id));
          if (added) {
            owner.put(id, op.user());
            ages.put(id, op.age());
            model.computeIfAbsent(op.user(), u -> new HashMap<>()).put(id, false);
          }
        }
        case 2 -> {
          boolean changed = store.markRead(op.user(), id);
          Boolean read = model.getOrDefault(op.user(), Map.of()).get(id);
          assertThat(changed).isEqualTo(read != null && !read);
          if (read != null) {
            model.get(op.user()).put(id, true);
          }
        }
        case 3 -> {
          store.markAllRead(op.user());
          model.getOrDefault(op.user(), new HashMap<>()).replaceAll((k, v) -> true);
        }
        default -> {
          store.deleteCreatedBefore(t0.plusSeconds(op.age()));
          ages.entrySet()
              .removeIf(
                  e -> {
                    if (e.getValue() < op.age()) {
                      model.get(owner.remove(e.getKey())).remove(e.getKey());
                      return true;
                    }
                    return false;
                  });
        }
      }
      for (String u : List.of("alice", "bob")) {
        long unread = model.getOrDefault(u, Map.of()).values().stream().filter(r -> !r).count();
        assertThat(store.unreadCount(u)).isEqualTo(unread);
        assertThat(store.page(u, 0, 1000).stream().filter(i -> !i.read()).count())
            .isEqualTo(unread);
      }
    }
  }
}
