package dev.notify.testkit.laws;

import dev.notify.action.Action;
import dev.notify.catalog.Catalog;
import dev.notify.catalog.Channel;
import dev.notify.catalog.Frequency;
import dev.notify.catalog.Medium;
import dev.notify.catalog.NotificationOption;
import dev.notify.catalog.Presence;
import dev.notify.catalog.Relation;
import dev.notify.catalog.SoundCategory;
import dev.notify.engine.AudienceFacts;
import dev.notify.engine.Recipient;
import dev.notify.settings.DefaultTable;
import dev.notify.settings.Lock;
import dev.notify.testkit.gen.NotifyGen.User;
import dev.notify.testkit.gen.NotifyGen.World;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The decision rules written a second time, as plainly as possible and independently of the
 * engine's data structures, so that properties can compare the two on any input. Immutable and
 * thread-safe; slow on purpose (it scans the catalog for every question).
 *
 * @since 0.2.0
 */
public final class ReferenceModel {
  /**
   * What the rules say one medium should deliver.
   *
   * @param conditional whether only an {@code IF_UNREAD} option passed (rule 7): sent only if the
   *     in-app notification is still unread later
   */
  public record Expected(
      String label, boolean popup, @Nullable String sound, boolean conditional) {}

  private final Catalog catalog;
  private final DefaultTable table;
  private final List<Lock> locks;

  /** A model of the standard catalog and table. */
  public ReferenceModel() {
    this(Catalog.standard(), DefaultTable.standard());
  }

  /** A model of {@code catalog} and {@code table}. */
  public ReferenceModel(Catalog catalog, DefaultTable table) {
    this(catalog, table, List.of());
  }

  /**
   * A model of {@code catalog} and {@code table} under an organisation's {@code locks} (rule 1′ of
   * {@code docs/conformance/ORGANIZATIONS.md}).
   *
   * @since 0.3.0
   */
  public ReferenceModel(Catalog catalog, DefaultTable table, List<Lock> locks) {
    this.catalog = catalog;
    this.table = table;
    this.locks = List.copyOf(locks);
  }

  /**
   * The lock that decides (option, channel, medium): one for the channel over one for every
   * channel; empty when none does.
   */
  public Optional<Lock> lock(NotificationOption option, Optional<Channel> channel, Medium medium) {
    Lock forAll = null;
    for (Lock l : locks) {
      if (!l.option().equals(option.id()) || !l.medium().equals(medium)) {
        continue;
      }
      if (l.channel() == null) {
        forAll = l;
      } else if (channel.isPresent() && l.channel().equals(channel.get())) {
        return Optional.of(l);
      }
    }
    return Optional.ofNullable(forAll);
  }

  /** The relations {@code user} has to {@code action} in {@code world}. */
  public static Set<Relation> relations(Action action, World world, String user) {
    EnumSet<Relation> r = EnumSet.of(Relation.EVERYONE);
    if (action.assigneeIfAny().filter(user::equals).isPresent()) {
      r.add(Relation.ASSIGNEE);
    }
    if (action.customerIfAny().isPresent() && world.followers().contains(user)) {
      r.add(Relation.FOLLOWER);
    }
    if (action.mentionedUsers().contains(user)) {
      r.add(Relation.MENTIONED);
    }
    if (world.membersOf(action.mentionedTeams()).contains(user)) {
      r.add(Relation.TEAM_MENTIONED);
    }
    return r;
  }

  /** The audience facts of {@code action} in {@code world}. */
  public static AudienceFacts facts(Action action, World world) {
    return new AudienceFacts(
        action.customerIfAny().isPresent() ? world.followers() : Set.of(),
        world.membersOf(action.mentionedTeams()));
  }

  /** The engine's view of a world's user. */
  public static Recipient recipient(User u) {
    return new Recipient(u.id(), u.tenure(), u.settings(), u.presence());
  }

  /** The engine's view of every user of a world. */
  public static List<Recipient> recipients(World world) {
    List<Recipient> out = new ArrayList<>();
    world.users().values().forEach(u -> out.add(recipient(u)));
    return out;
  }

  /** The options for which {@code user} qualifies for {@code action}, available or not. */
  public List<NotificationOption> qualifying(Action action, World world, User user) {
    List<NotificationOption> out = new ArrayList<>();
    if (action.actorIfAny().filter(user.id()::equals).isPresent()) {
      return out;
    }
    Set<Relation> rel = relations(action, world, user.id());
    for (NotificationOption o : catalog.options()) {
      if (!o.audience().kind().equals(action.kind())) {
        continue;
      }
      if (o.audience().newConversationsOnly() && !action.startsConversation()) {
        continue;
      }
      if (o.audience().relations().stream().noneMatch(rel::contains)) {
        continue;
      }
      out.add(o);
    }
    return out;
  }

  /**
   * Rule 1 (1′ with locks): the frequency of (option, action's channel, medium) for {@code user}.
   */
  public Frequency resolve(NotificationOption option, Action action, User user, Medium medium) {
    Optional<Channel> channel = action.channelIfAny();
    Optional<Lock> lock = lock(option, channel, medium);
    if (lock.isPresent()) {
      return lock.get().frequency();
    }
    if (option.perChannel() && channel.isPresent()) {
      Optional<Frequency> f = user.settings().chosen(option.id(), channel.get(), medium);
      if (f.isPresent()) {
        return f.get();
      }
    }
    return user.settings()
        .chosen(option.id(), null, medium)
        .orElse(table.frequency(option.id(), medium));
  }

  /** Rules 2–6 for one medium: what should be delivered, or empty. */
  public Optional<Expected> expected(Action action, World world, User user, Medium medium) {
    NotificationOption best = null;
    NotificationOption bestIfUnread = null;
    for (NotificationOption o : qualifying(action, world, user)) {
      if (!o.availability().isAvailableTo(user.tenure())) {
        continue;
      }
      Frequency f = resolve(o, action, user, medium);
      boolean passes =
          f == Frequency.ALWAYS
              || (f == Frequency.WHEN_LOGGED_OUT && user.presence() != Presence.LOGGED_IN);
      if (passes && (best == null || o.specificity() > best.specificity())) {
        best = o;
      }
      if (f == Frequency.IF_UNREAD
          && (bestIfUnread == null || o.specificity() > bestIfUnread.specificity())) {
        bestIfUnread = o;
      }
    }
    boolean conditional = false;
    if (best == null) {
      // Rule 7: with no unconditional pass, an IF_UNREAD one delivers, conditionally.
      if (bestIfUnread == null) {
        return Optional.empty();
      }
      best = bestIfUnread;
      conditional = true;
    }
    boolean popup = medium.isInApp() && user.presence() == Presence.LOGGED_IN;
    String sound = null;
    if (popup && best.soundCategory() != null) {
      SoundCategory cat = best.soundCategory();
      Optional<Channel> channel = action.channelIfAny();
      if (cat.perChannel() && channel.isPresent()) {
        sound = user.settings().chosenTone(cat, channel.get()).orElse(null);
      }
      if (sound == null) {
        sound = user.settings().chosenTone(cat, null).orElse(null);
      }
    }
    return Optional.of(new Expected(best.id(), popup, sound, conditional));
  }
}
