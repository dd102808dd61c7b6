package dev.notify.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.notify.catalog.Catalog;
import dev.notify.catalog.Channel;
import dev.notify.catalog.Frequency;
import dev.notify.catalog.Medium;
import dev.notify.catalog.NotificationOption;
import dev.notify.catalog.Tenure;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Rule 1 with an organisation's locks (docs/conformance/ORGANIZATIONS.md), against a model that
 * reads the rule's text: a lock for the action's channel, else a lock for every channel, else the
 * user's value for the channel, else their value for every channel, else the default table. Over
 * random settings, locks and channels of the standard catalog.
 */
class LockResolutionTest {
  private static final Catalog CATALOG = Catalog.standard();
  private static final DefaultTable TABLE = DefaultTable.standard();
  private static final Tenure OLD = Tenure.of(LocalDate.of(2019, 3, 1), LocalDate.of(2019, 4, 1));
  private static final Frequency[] FREQUENCIES = {
    Frequency.ALWAYS, Frequency.WHEN_LOGGED_OUT, Frequency.NEVER
  };

  private static Resolution model(
      UserSettings s, List<Lock> locks, NotificationOption o, Medium m, Channel channel) {
    Lock forChannel = null;
    Lock forAll = null;
    for (Lock l : locks) {
      if (l.option().equals(o.id()) && l.medium().equals(m)) {
        if (l.channel() == null) {
          forAll = l;
        } else if (l.channel().equals(channel)) {
          forChannel = l;
        }
      }
    }
    if (forChannel != null) {
      return Resolution.of(Layer.ORGANIZATION_LOCK, forChannel.frequency());
    }
    if (forAll != null) {
      return Resolution.of(Layer.ORGANIZATION_LOCK, forAll.frequency());
    }
    Optional<Frequency> c = o.perChannel() ? s.chosen(o.id(), channel, m) : Optional.empty();
    if (c.isPresent()) {
      return Resolution.of(Layer.CHANNEL_SETTING, c.get());
    }
    Optional<Frequency> a = s.chosen(o.id(), null, m);
    if (a.isPresent()) {
      return Resolution.of(Layer.OPTION_SETTING, a.get());
    }
    return Resolution.of(Layer.DEFAULT_TABLE, TABLE.frequency(o.id(), m));
  }

  @Test
  void locksWinOverEveryLayer_aChannelLockOverAnAllChannelsOne() {
    Random random = new Random(20261206L);
    List<NotificationOption> options = CATALOG.options();
    List<Medium> media = CATALOG.media();
    List<Channel> channels = CATALOG.channels();
    for (int run = 0; run < 2_000; run++) {
      Channel channel = channels.get(random.nextInt(channels.size()));
      List<Setting> settings = new ArrayList<>();
      List<Lock> locks = new ArrayList<>();
      Set<String> lockKeys = new HashSet<>();
      int n = random.nextInt(12);
      for (int i = 0; i < n; i++) {
        NotificationOption o = options.get(random.nextInt(options.size()));
        if (!o.availability().isAvailableTo(OLD)) {
          continue;
        }
        Medium m = media.get(random.nextInt(media.size()));
        Frequency f = FREQUENCIES[random.nextInt(FREQUENCIES.length)];
        Channel c = o.perChannel() && random.nextBoolean() ? pick(random, channels, channel) : null;
        if (random.nextInt(3) == 0) {
          if (lockKeys.add(o.id() + m.id() + c)) {
            locks.add(new Lock(o.id(), m, c, f));
          }
        } else {
          settings.add(c == null ? Setting.of(o.id(), m, f) : Setting.of(o.id(), c, m, f));
        }
      }
      UserSettings s = UserSettings.of(CATALOG, OLD, dedupe(settings), List.of());
      Resolver r = Resolver.of(CATALOG, TABLE, options, channel, locks);
      for (int i = 0; i < options.size(); i++) {
        for (int m = 0; m < media.size(); m++) {
          int pair = i * media.size() + m;
          long values = r.read(s, r.partOf(pair));
          assertThat(r.resolution(values, pair))
              .as(
                  "%s by %s on %s with %s, locks %s",
                  options.get(i).id(), media.get(m), channel, s, locks)
              .isEqualTo(model(s, locks, options.get(i), media.get(m), channel));
        }
      }
      // A user who set nothing reads the defaults, locks included.
      for (int part = 0; part < r.parts(); part++) {
        assertThat(r.onlyDefaults(r.read(UserSettings.none(), part), part)).isTrue();
      }
    }
  }

  private static Channel pick(Random random, List<Channel> channels, Channel often) {
    return random.nextBoolean() ? often : channels.get(random.nextInt(channels.size()));
  }

  /** The last value of each key, as an editor would keep it. */
  private static List<Setting> dedupe(List<Setting> settings) {
    Map<String, Setting> byKey = new LinkedHashMap<>();
    for (Setting s : settings) {
      byKey.put(s.option() + "/" + s.channel() + "/" + s.medium().id(), s);
    }
    return new ArrayList<>(byKey.values());
  }

  @Test
  void aLockMustFitTheCatalog() {
    assertThatThrownBy(() -> new Lock("note.added", Medium.IN_APP, null, Frequency.IF_UNREAD))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("IF_UNREAD");
    assertThatThrownBy(
            () -> new Lock("no.such", Medium.EMAIL, null, Frequency.ALWAYS).checkedAgainst(CATALOG))
        .hasMessageContaining("\"no.such\"");
    assertThatThrownBy(
            () ->
                new Lock("note.added", Medium.EMAIL, Channel.CHAT, Frequency.ALWAYS)
                    .checkedAgainst(CATALOG))
        .hasMessageContaining("not set per channel");
  }
}
