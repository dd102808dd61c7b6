package dev.notify.testing;

import dev.notify.action.Action;
import dev.notify.action.AppUpdated;
import dev.notify.action.ConversationAssigned;
import dev.notify.action.ConversationTransferred;
import dev.notify.action.MessageReceived;
import dev.notify.action.NoteAdded;
import dev.notify.action.ObjectCreated;
import dev.notify.action.ObjectUpdated;
import dev.notify.action.SnoozeExpired;
import dev.notify.catalog.Catalog;
import dev.notify.catalog.Channel;
import dev.notify.catalog.Frequency;
import dev.notify.catalog.Medium;
import dev.notify.catalog.NotificationOption;
import dev.notify.catalog.Presence;
import dev.notify.catalog.SoundCategory;
import dev.notify.catalog.Tenure;
import dev.notify.settings.Setting;
import dev.notify.settings.Tone;
import dev.notify.settings.UserSettings;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * jqwik arbitraries for the standard catalog's settings, presences, tenures, actions and whole
 * small organisations ({@link World}), shared through core's test-jar with other modules' tests.
 */
public final class NotifyArbitraries {
  /** The instant every generated action happened at; the engine never reads clocks. */
  public static final Instant AT = Instant.parse("2024-05-01T09:00:00Z");

  private static final Catalog CATALOG = Catalog.standard();

  private NotifyArbitraries() {}

  /** Any presence. */
  public static Arbitrary<Presence> presences() {
    return Arbitraries.of(Presence.class);
  }

  /** Any frequency. */
  public static Arbitrary<Frequency> frequencies() {
    return Arbitraries.of(Frequency.class);
  }

  /**
   * A tenure: an old account (legacy options available), a new user, a new organisation, or both
   * new.
   */
  public static Arbitrary<Tenure> tenures() {
    LocalDate old = LocalDate.of(2019, 4, 1);
    return Arbitraries.of(
        Tenure.of(LocalDate.of(2019, 3, 1), old),
        Tenure.of(LocalDate.of(2019, 3, 1), LocalDate.of(2021, 1, 12)),
        Tenure.of(LocalDate.of(2019, 3, 1), LocalDate.of(2021, 1, 13)),
        Tenure.of(LocalDate.of(2021, 2, 1), LocalDate.of(2021, 2, 1)),
        Tenure.of(LocalDate.of(2021, 1, 13), old),
        Tenure.NEW);
  }

  /** One valid setting of the standard catalog for a user of {@code tenure}. */
  public static Arbitrary<Setting> settings(Tenure tenure) {
    return settings(CATALOG, tenure);
  }

  /** One valid setting of {@code catalog} for a user of {@code tenure}. */
  public static Arbitrary<Setting> settings(Catalog catalog, Tenure tenure) {
    List<NotificationOption> available =
        catalog.options().stream().filter(o -> o.availability().isAvailableTo(tenure)).toList();
    Arbitrary<Channel> channelOrAll = Arbitraries.of(catalog.channels()).injectNull(0.3);
    return Combinators.combine(
            Arbitraries.of(available), channelOrAll, Arbitraries.of(catalog.media()), frequencies())
        .as((o, c, m, f) -> new Setting(o.id(), o.perChannel() ? c : null, m, f));
  }

  /** One valid tone. */
  public static Arbitrary<Tone> tones() {
    return tones(CATALOG);
  }

  /** One valid tone for {@code catalog}'s channels. */
  public static Arbitrary<Tone> tones(Catalog catalog) {
    return Combinators.combine(
            Arbitraries.of(SoundCategory.class),
            Arbitraries.of(catalog.channels()).injectNull(0.5),
            Arbitraries.of("pop", "ding", "chime"))
        .as((cat, ch, t) -> new Tone(cat, cat.perChannel() ? ch : null, t));
  }

  /**
   * Valid settings for a user of {@code tenure}: up to two dozen values (past a dozen the settings
   * switch to binary search) and a few tones, no duplicates.
   */
  public static Arbitrary<UserSettings> userSettings(Tenure tenure) {
    return userSettings(CATALOG, tenure);
  }

  /** Valid settings of {@code catalog} for a user of {@code tenure}. */
  public static Arbitrary<UserSettings> userSettings(Catalog catalog, Tenure tenure) {
    Arbitrary<List<Setting>> values =
        settings(catalog, tenure)
            .list()
            .ofMaxSize(24)
            .uniqueElements(s -> s.option() + "/" + s.channel() + "/" + s.medium());
    Arbitrary<List<Tone>> tones =
        tones(catalog).list().ofMaxSize(4).uniqueElements(t -> t.category() + "/" + t.channel());
    return Combinators.combine(values, tones).as((v, t) -> UserSettings.of(catalog, tenure, v, t));
  }

  /** A user of a {@link World}. */
  public record User(String id, Tenure tenure, UserSettings settings, Presence presence) {}

  /**
   * A small organisation: users {@code u0…}, teams {@code t0…} of them, the followers of customer
   * {@code c1}. Every reference is to a user of the world.
   */
  public record World(
      Map<String, User> users, Map<String, Set<String>> teams, Set<String> followers) {
    /** The members of the teams in {@code names}. */
    public Set<String> membersOf(Set<String> names) {
      Set<String> out = new TreeSet<>();
      for (String t : names) {
        out.addAll(teams.getOrDefault(t, Set.of()));
      }
      return out;
    }
  }

  /** A world of one to six users. */
  public static Arbitrary<World> worlds() {
    return worlds(CATALOG);
  }

  /** A world of one to six users with settings of {@code catalog}. */
  public static Arbitrary<World> worlds(Catalog catalog) {
    return Arbitraries.integers()
        .between(1, 6)
        .flatMap(
            n -> {
              List<String> ids = new ArrayList<>();
              for (int i = 0; i < n; i++) {
                ids.add("u" + i);
              }
              Arbitrary<List<User>> users =
                  Combinators.combine(tenures().list().ofSize(n), presences().list().ofSize(n))
                      .as((ts, ps) -> new Object[] {ts, ps})
                      .flatMap(
                          tp -> {
                            @SuppressWarnings("unchecked")
                            List<Tenure> ts = (List<Tenure>) tp[0];
                            @SuppressWarnings("unchecked")
                            List<Presence> ps = (List<Presence>) tp[1];
                            List<Arbitrary<User>> each = new ArrayList<>();
                            for (int i = 0; i < n; i++) {
                              String id = ids.get(i);
                              Tenure t = ts.get(i);
                              Presence p = ps.get(i);
                              each.add(userSettings(catalog, t).map(s -> new User(id, t, s, p)));
                            }
                            return Combinators.combine(each).as(l -> l);
                          });
              Arbitrary<Set<String>> subset = Arbitraries.of(ids).set().ofMaxSize(n);
              Arbitrary<Map<String, Set<String>>> teams =
                  subset
                      .list()
                      .ofMaxSize(3)
                      .map(
                          list -> {
                            Map<String, Set<String>> m = new TreeMap<>();
                            for (int i = 0; i < list.size(); i++) {
                              m.put("t" + i, new TreeSet<>(list.get(i)));
                            }
                            return m;
                          });
              return Combinators.combine(users, teams, subset)
                  .as(
                      (us, ts, fs) -> {
                        Map<String, User> map = new LinkedHashMap<>();
                        us.forEach(u -> map.put(u.id(), u));
                        return new World(map, ts, new TreeSet<>(fs));
                      });
            });
  }

  /** Any standard action in {@code world}; actors are users of the world or an assistant. */
  public static Arbitrary<Action> actions(World world) {
    return actions(CATALOG, world);
  }

  /** Any standard action in {@code world}, on any channel of {@code catalog}. */
  public static Arbitrary<Action> actions(Catalog catalog, World world) {
    List<String> ids = new ArrayList<>(world.users().keySet());
    Arbitrary<String> user = Arbitraries.of(ids);
    Arbitrary<String> userOrNone = user.injectNull(0.3);
    Arbitrary<String> actor = Arbitraries.oneOf(user, Arbitraries.of("assistant", "integration"));
    Arbitrary<Channel> channel = Arbitraries.of(catalog.channels());
    Arbitrary<Set<String>> mentions = user.set().ofMaxSize(3);
    Arbitrary<Set<String>> teams =
        world.teams().isEmpty()
            ? Arbitraries.just(Set.of())
            : Arbitraries.of(world.teams().keySet()).set().ofMaxSize(2);
    String c = "c1";
    return Arbitraries.oneOf(
        Combinators.combine(channel, userOrNone, Arbitraries.of(true, false))
            .as((ch, a, n) -> new MessageReceived("m1", AT, ch, c, "k1", a, n, null)),
        Combinators.combine(actor, user)
            .as((ac, a) -> new ConversationAssigned("a1", AT, ac, "k1", c, a)),
        Combinators.combine(actor, user)
            .as((ac, a) -> new ConversationTransferred("t1", AT, ac, "k1", c, a)),
        userOrNone.map(a -> new SnoozeExpired("s1", AT, "k1", c, a)),
        Combinators.combine(actor, userOrNone, mentions, teams)
            .as((ac, a, m, t) -> new NoteAdded("n1", AT, ac, "k1", c, a, m, t, null)),
        actor.map(ac -> new ObjectCreated("o1", AT, ac, c, "order-1")),
        actor.map(ac -> new ObjectUpdated("o2", AT, ac, c, "order-1")),
        Arbitraries.of("shopify", "slack").map(app -> new AppUpdated("p1", AT, app)));
  }

  /** The standard catalog's media, for properties that loop over them. */
  public static List<Medium> media() {
    return CATALOG.media();
  }
}
