package dev.notify.benchmarks;

import dev.notify.catalog.Catalog;
import dev.notify.catalog.Channel;
import dev.notify.catalog.Frequency;
import dev.notify.catalog.Medium;
import dev.notify.catalog.SoundCategory;
import dev.notify.catalog.Tenure;
import dev.notify.memory.InMemorySettingsStore;
import dev.notify.settings.Setting;
import dev.notify.settings.Tone;
import dev.notify.settings.UserSettings;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.openjdk.jol.info.GraphLayout;

/**
 * Bytes retained per user by settings, measured on the object graph with JOL: for users who follow
 * the defaults and for users with ten overrides, as values and inside the in-memory store. The
 * goal: a default-following user costs no more than a reference and an id.
 *
 * <pre>
 * mvn -B -ntp -q -DskipTests package
 * java -cp notify-benchmarks/target/benchmarks.jar dev.notify.benchmarks.SettingsFootprint
 * </pre>
 */
public final class SettingsFootprint {
  private static final int USERS = 10_000;

  private SettingsFootprint() {}

  /** Prints the measurements. */
  public static void main(String[] args) {
    // JOL reads record fields (Tone, Setting) through this mode on JDK 17; set before JOL loads.
    System.setProperty("jol.magicFieldOffset", "true");
    Tenure tenure = Tenure.of(LocalDate.of(2019, 3, 1), LocalDate.of(2020, 6, 1));
    Catalog c = Catalog.standard();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < USERS; i++) {
      ids.add("agent-" + i);
    }
    UserSettings defaults = UserSettings.of(c, tenure, List.of(), List.of());
    UserSettings ten =
        UserSettings.of(
            c,
            tenure,
            List.of(
                Setting.of(
                    "conversation.message.assigned", Channel.CHAT, Medium.IN_APP, Frequency.ALWAYS),
                Setting.of(
                    "conversation.message.assigned",
                    Channel.GMAIL,
                    Medium.IN_APP,
                    Frequency.ALWAYS),
                Setting.of("conversation.message.assigned", Medium.EMAIL, Frequency.ALWAYS),
                Setting.of(
                    "conversation.message.assigned", Channel.TWILIO, Medium.EMAIL, Frequency.NEVER),
                Setting.of("customer.message.followed", Medium.IN_APP, Frequency.WHEN_LOGGED_OUT),
                Setting.of("customer.message.any", Channel.FORMS, Medium.EMAIL, Frequency.ALWAYS),
                Setting.of("conversation.assigned", Medium.EMAIL, Frequency.ALWAYS),
                Setting.of("note.added", Medium.EMAIL, Frequency.NEVER),
                Setting.of("object.updated", Medium.IN_APP, Frequency.NEVER),
                Setting.of("app.updated", Medium.EMAIL, Frequency.WHEN_LOGGED_OUT)),
            List.of(new Tone(SoundCategory.NEW_MESSAGE, Channel.CHAT, "pop")));

    // As values held by a host, one per user: the defaults are one shared instance.
    List<UserSettings> defaultUsers = new ArrayList<>();
    for (int i = 0; i < USERS; i++) {
      defaultUsers.add(UserSettings.of(c, tenure, List.of(), List.of()));
    }
    long sharedBytes = GraphLayout.parseInstance(defaults).totalSize();
    long defaultGraph = GraphLayout.parseInstance(defaultUsers.toArray()).totalSize();
    long idsBytes = GraphLayout.parseInstance(ids.toArray()).totalSize();
    long tenBytes = GraphLayout.parseInstance(ten).totalSize();
    long[] tenGraph = new long[1];
    List<UserSettings> tenUsers = new ArrayList<>();
    for (int i = 0; i < USERS; i++) {
      tenUsers.add(
          ten.edit(c, tenure).build()); // a distinct instance per user, as a store would load
    }
    tenGraph[0] = GraphLayout.parseInstance(tenUsers.toArray()).totalSize();

    // Inside the in-memory store: users who never saved have no entry at all.
    InMemorySettingsStore store = new InMemorySettingsStore();
    long emptyStore = GraphLayout.parseInstance(store).totalSize();
    for (int i = 0; i < USERS; i += 2) {
      store.save(ids.get(i), tenUsers.get(i), 0);
    }
    long halfStore =
        GraphLayout.parseInstance(store).totalSize()
            - GraphLayout.parseInstance(ids.toArray()).totalSize() / 2;

    System.out.printf(Locale.ROOT, "users: %d%n", USERS);
    System.out.printf(
        Locale.ROOT,
        "default-following user, as a value: %.1f bytes each beyond the reference that holds it "
            + "(all %d share one instance of %d bytes)%n",
        (defaultGraph - sharedBytes) / (double) USERS,
        USERS,
        sharedBytes);
    System.out.printf(
        Locale.ROOT, "user id string: %.1f bytes each%n", idsBytes / (double) USERS - 4);
    System.out.printf(
        Locale.ROOT,
        "user with ten overrides and one tone, as a value: %d bytes with everything it reaches; "
            + "%.1f bytes each of its own when %d users share the catalog's ids and setting values%n",
        tenBytes,
        tenGraph[0] / (double) USERS,
        USERS);
    System.out.printf(
        Locale.ROOT,
        "in-memory store, default-following user: 0 bytes (no entry; the empty store is %d bytes)%n",
        emptyStore);
    System.out.printf(
        Locale.ROOT,
        "in-memory store, user with ten overrides: %.1f bytes each (entry + versioned settings, ids excluded)%n",
        (halfStore - emptyStore) / (double) (USERS / 2));
  }
}
