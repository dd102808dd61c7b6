package dev.notify.testkit.gen;

import dev.notify.action.Action;
import dev.notify.action.AppUpdated;
import dev.notify.action.ConversationAssigned;
import dev.notify.action.ConversationTransferred;
import dev.notify.action.CustomAction;
import dev.notify.action.MessageReceived;
import dev.notify.action.NoteAdded;
import dev.notify.action.ObjectCreated;
import dev.notify.action.ObjectUpdated;
import dev.notify.action.SnoozeExpired;
import dev.notify.catalog.ActionKind;
import dev.notify.catalog.Audience;
import dev.notify.catalog.Availability;
import dev.notify.catalog.Catalog;
import dev.notify.catalog.Channel;
import dev.notify.catalog.Frequency;
import dev.notify.catalog.Medium;
import dev.notify.catalog.NotificationOption;
import dev.notify.catalog.Presence;
import dev.notify.catalog.Relation;
import dev.notify.catalog.SoundCategory;
import dev.notify.catalog.Tenure;
import dev.notify.settings.Setting;
import dev.notify.settings.Tone;
import dev.notify.settings.UserSettings;
import dev.notify.testkit.property.Gen;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Generators of notify's domain, for properties of the engine and of a host's own catalog, settings
 * and stores: catalogs (the standard one and host extensions), tenures around the legacy cut-off,
 * presences, valid user settings, small organisations ({@link World}) and actions of every kind
 * with their audiences ({@link Scenario}).
 *
 * <p>Every generator shrinks towards the simplest case: one user, no settings, no teams, the first
 * option, channel and medium of the catalog. All are immutable and thread-safe.
 *
 * @since 0.2.0
 */
public final class NotifyGen {
  /** The instant every generated action happened at; the engine never reads clocks. */
  public static final Instant AT = Instant.parse("2024-05-01T09:00:00Z");

  /** The customer of every generated action that has one. */
  public static final String CUSTOMER = "c1";

  private NotifyGen() {}

  /** Any presence. */
  public static Gen<Presence> presences() {
    return Gen.of(Presence.values());
  }

  /** Any frequency. */
  public static Gen<Frequency> frequencies() {
    return Gen.of(Frequency.values());
  }

  /** Any frequency {@code medium} takes: {@code IF_UNREAD} is not for in-app. */
  public static Gen<Frequency> frequenciesFor(Medium medium) {
    return medium.isInApp()
        ? Gen.of(Frequency.NEVER, Frequency.WHEN_LOGGED_OUT, Frequency.ALWAYS)
        : frequencies();
  }

  /**
   * Tenures around the legacy cut-off ({@link Availability#LEGACY_CUTOFF}): old accounts, accounts
   * made the day before, on and after it, new ones (no date).
   */
  public static Gen<Tenure> tenures() {
    LocalDate cut = Availability.LEGACY_CUTOFF;
    Gen<LocalDate> date =
        Gen.oneOf(
            Gen.constant(LocalDate.of(2019, 3, 1)), Gen.ints(-2, 2).map(d -> cut.plusDays(d)));
    return Gen.oneOf(
        Gen.constant(Tenure.of(LocalDate.of(2019, 3, 1), LocalDate.of(2019, 4, 1))),
        Gen.constant(Tenure.NEW),
        date.orNull().zip(date.orNull(), Tenure::of));
  }

  /** One valid setting of {@code catalog} for a user of {@code tenure}. */
  public static Gen<Setting> settings(Catalog catalog, Tenure tenure) {
    List<NotificationOption> available =
        catalog.options().stream().filter(o -> o.availability().isAvailableTo(tenure)).toList();
    if (available.isEmpty()) {
      throw new IllegalArgumentException("no option of the catalog is available to " + tenure);
    }
    Gen<Channel> channelOrAll = Gen.elements(catalog.channels()).orNull();
    return s -> {
      NotificationOption o = Gen.elements(available).generate(s);
      Channel c = o.perChannel() ? channelOrAll.generate(s) : null;
      Medium m = Gen.elements(catalog.media()).generate(s);
      return new Setting(o.id(), c, m, frequenciesFor(m).generate(s));
    };
  }

  /** One tone for {@code catalog}'s channels. */
  public static Gen<Tone> tones(Catalog catalog) {
    Gen<Channel> channelOrAll = Gen.elements(catalog.channels()).orNull();
    return s -> {
      SoundCategory cat = Gen.of(SoundCategory.values()).generate(s);
      Channel c = cat.perChannel() ? channelOrAll.generate(s) : null;
      return new Tone(cat, c, Gen.of("pop", "ding", "chime").generate(s));
    };
  }

  /**
   * Valid settings of {@code catalog} for a user of {@code tenure}: up to two dozen values (past a
   * dozen the settings read by binary search) and up to four tones; a later value for a key already
   * set is left out.
   */
  public static Gen<UserSettings> userSettings(Catalog catalog, Tenure tenure) {
    Gen<List<Setting>> values = settings(catalog, tenure).list(0, 24);
    Gen<List<Tone>> tones = tones(catalog).list(0, 4);
    return values.zip(
        tones,
        (v, t) -> {
          Set<String> keys = new HashSet<>();
          List<Setting> unique = new ArrayList<>();
          for (Setting x : v) {
            if (keys.add(x.option() + "/" + x.channel() + "/" + x.medium())) {
              unique.add(x);
            }
          }
          Set<String> toneKeys = new HashSet<>();
          List<Tone> uniqueTones = new ArrayList<>();
          for (Tone x : t) {
            if (toneKeys.add(x.category() + "/" + x.channel())) {
              uniqueTones.add(x);
            }
          }
          return UserSettings.of(catalog, tenure, unique, uniqueTones);
        });
  }

  /** A user of a {@link World}. */
  public record User(String id, Tenure tenure, UserSettings settings, Presence presence) {}

  /**
   * A small organisation: users {@code u0…}, teams {@code t0…} of them, the followers of customer
   * {@value #CUSTOMER}. Every reference is to a user of the world.
   *
   * @param users the users by id, in id order
   * @param teams the teams by name
   * @param followers the followers of the customer
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

  /** An action in a world: a scenario for the engine. */
  public record Scenario(World world, Action action) {}

  /** Organisations of one to six users with settings of {@code catalog}. */
  public static Gen<World> worlds(Catalog catalog) {
    Gen<User> user =
        tenures()
            .flatMap(
                t -> userSettings(catalog, t).zip(presences(), (s, p) -> new User("", t, s, p)));
    return user.list(1, 6)
        .flatMap(
            drafts -> {
              Map<String, User> users = new LinkedHashMap<>();
              for (int i = 0; i < drafts.size(); i++) {
                User d = drafts.get(i);
                users.put("u" + i, new User("u" + i, d.tenure(), d.settings(), d.presence()));
              }
              // Members are drawn as indices of any of the six possible users and those past the
              // last are dropped: removing a user while shrinking leaves every later choice in
              // place.
              int n = users.size();
              Gen<Set<String>> subset =
                  Gen.ints(0, 5)
                      .list(0, 6)
                      .map(
                          idx -> {
                            Set<String> members = new TreeSet<>();
                            idx.stream().filter(i -> i < n).forEach(i -> members.add("u" + i));
                            return members;
                          });
              return subset
                  .list(0, 3)
                  .zip(
                      subset,
                      (teamList, followers) -> {
                        Map<String, Set<String>> teams = new TreeMap<>();
                        for (int i = 0; i < teamList.size(); i++) {
                          teams.put("t" + i, teamList.get(i));
                        }
                        return new World(users, teams, followers);
                      });
            });
  }

  /**
   * Actions in {@code world}, of every kind {@code catalog}'s options listen to and every standard
   * kind, on any channel of the catalog; actors are users of the world or an assistant. A host kind
   * is made as a {@link CustomAction} with a channel, a customer, an assignee and mentions.
   */
  public static Gen<Action> actions(Catalog catalog, World world) {
    List<String> ids = new ArrayList<>(world.users().keySet());
    Gen<String> user = Gen.elements(ids);
    Gen<String> userOrNone = user.orNull();
    Gen<String> actor = Gen.oneOf(Gen.of("assistant", "integration"), user);
    Gen<Channel> channel = Gen.elements(catalog.channels());
    Gen<Set<String>> mentions = user.set(0, 3);
    // Team names as indices of the three a world may have, those it lacks dropped: the same
    // choices whatever the world's teams, so shrinking the world keeps the action.
    Gen<Set<String>> teams =
        Gen.ints(0, 2)
            .list(0, 2)
            .map(
                idx -> {
                  Set<String> names = new TreeSet<>();
                  idx.stream()
                      .map(i -> "t" + i)
                      .filter(world.teams()::containsKey)
                      .forEach(names::add);
                  return names;
                });
    String c = CUSTOMER;
    List<Gen<? extends Action>> kinds = new ArrayList<>();
    kinds.add(
        s ->
            new MessageReceived(
                "m1",
                AT,
                channel.generate(s),
                c,
                "k1",
                userOrNone.generate(s),
                Gen.booleans().generate(s),
                null));
    kinds.add(
        s -> new ConversationAssigned("a1", AT, actor.generate(s), "k1", c, user.generate(s)));
    kinds.add(
        s -> new ConversationTransferred("t1", AT, actor.generate(s), "k1", c, user.generate(s)));
    kinds.add(s -> new SnoozeExpired("s1", AT, "k1", c, userOrNone.generate(s)));
    kinds.add(
        s ->
            new NoteAdded(
                "n1",
                AT,
                actor.generate(s),
                "k1",
                c,
                userOrNone.generate(s),
                mentions.generate(s),
                teams.generate(s),
                null));
    kinds.add(s -> new ObjectCreated("o1", AT, actor.generate(s), c, "order-1"));
    kinds.add(s -> new ObjectUpdated("o2", AT, actor.generate(s), c, "order-1"));
    kinds.add(s -> new AppUpdated("p1", AT, Gen.of("shopify", "slack").generate(s)));
    for (ActionKind kind : hostKinds(catalog)) {
      kinds.add(
          s ->
              new CustomAction(
                  "x1",
                  kind,
                  AT,
                  actor.generate(s),
                  channel.generate(s),
                  c,
                  "k1",
                  userOrNone.generate(s),
                  mentions.generate(s),
                  teams.generate(s),
                  Gen.booleans().generate(s)));
    }
    return s -> kinds.get(s.drawInt(kinds.size())).generate(s);
  }

  private static List<ActionKind> hostKinds(Catalog catalog) {
    Set<ActionKind> standard =
        Set.of(
            ActionKind.MESSAGE_RECEIVED,
            ActionKind.CONVERSATION_ASSIGNED,
            ActionKind.CONVERSATION_TRANSFERRED,
            ActionKind.SNOOZE_EXPIRED,
            ActionKind.NOTE_ADDED,
            ActionKind.OBJECT_CREATED,
            ActionKind.OBJECT_UPDATED,
            ActionKind.APP_UPDATED);
    Set<ActionKind> out = new TreeSet<>((a, b) -> a.id().compareTo(b.id()));
    for (NotificationOption o : catalog.options()) {
      if (!standard.contains(o.audience().kind())) {
        out.add(o.audience().kind());
      }
    }
    return List.copyOf(out);
  }

  /**
   * {@code world} as one organisation created on {@code org} ({@code null}: a new one): every
   * user's tenure takes that date, and values of legacy options no longer available are dropped.
   */
  public static World withOrganization(World world, Catalog catalog, @Nullable LocalDate org) {
    Map<String, User> users = new LinkedHashMap<>();
    for (User u : world.users().values()) {
      Tenure t = Tenure.of(org, u.tenure().userCreatedOn());
      List<Setting> kept =
          u.settings().settings().stream()
              .filter(s -> catalog.requireOption(s.option()).availability().isAvailableTo(t))
              .toList();
      users.put(
          u.id(),
          new User(
              u.id(), t, UserSettings.of(catalog, t, kept, u.settings().tones()), u.presence()));
    }
    return new World(users, world.teams(), world.followers());
  }

  /** Scenarios of {@code catalog}: an organisation and an action in it. */
  public static Gen<Scenario> scenarios(Catalog catalog) {
    return worlds(catalog).flatMap(w -> actions(catalog, w).map(a -> new Scenario(w, a)));
  }

  /**
   * Catalogs: the standard one (the simplest), or the standard one extended as a host would — a
   * channel, a medium, up to three options of their own on standard or host kinds, with audiences,
   * defaults, sounds and legacy cut-offs of their own.
   */
  public static Gen<Catalog> catalogs() {
    Gen<NotificationOption> option =
        s -> {
          ActionKind kind =
              Gen.of(
                      ActionKind.MESSAGE_RECEIVED,
                      ActionKind.NOTE_ADDED,
                      ActionKind.CONVERSATION_ASSIGNED,
                      ActionKind.of("order.shipped"))
                  .generate(s);
          List<Relation> relations =
              Gen.subsetOf(List.of(Relation.values())).generate(s).stream().toList();
          Relation first = relations.isEmpty() ? Relation.ASSIGNEE : relations.get(0);
          Relation[] more =
              relations.isEmpty()
                  ? new Relation[0]
                  : relations.subList(1, relations.size()).toArray(new Relation[0]);
          Audience audience = Audience.of(kind, first, more);
          if (kind.equals(ActionKind.MESSAGE_RECEIVED) && Gen.booleans().generate(s)) {
            audience = audience.onlyNewConversations();
          }
          return NotificationOption.builder("host.option" + s.drawInt(1000))
              .label("A host's option")
              .specificity(Gen.ints(1, 50).generate(s))
              .perChannel(Gen.booleans().generate(s))
              .sound(Gen.of(SoundCategory.values()).orNull().generate(s))
              .availability(Gen.of(Availability.EVERYONE, Availability.LEGACY).generate(s))
              .audience(audience)
              .defaultFor(Medium.IN_APP, frequenciesFor(Medium.IN_APP).generate(s))
              .defaultFor(Medium.EMAIL, frequenciesFor(Medium.EMAIL).generate(s))
              .build();
        };
    return s -> {
      if (s.draw(2) == 0) {
        return Catalog.standard();
      }
      Catalog.Builder b = Catalog.standard().toBuilder();
      if (Gen.booleans().generate(s)) {
        b.addChannel(Channel.of("web"));
      }
      if (Gen.booleans().generate(s)) {
        b.addMedium(Medium.of("sms"));
      }
      Set<String> taken = new HashSet<>();
      for (NotificationOption o : option.list(0, 3).generate(s)) {
        if (taken.add(o.id())) {
          b.addOption(o);
        }
      }
      return b.build();
    };
  }
}
