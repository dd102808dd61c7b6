package dev.notify.examples.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.notify.catalog.Catalog;
import dev.notify.catalog.Channel;
import dev.notify.catalog.Medium;
import dev.notify.catalog.NotificationOption;
import dev.notify.catalog.Tab;
import dev.notify.pipeline.DefaultTableChange;
import dev.notify.pipeline.Notifier;
import dev.notify.settings.DefaultTable;
import dev.notify.settings.Lock;
import dev.notify.settings.OrganizationSettings;
import dev.notify.settings.Setting;
import dev.notify.spi.OrganizationStore;
import dev.notify.spi.VersionedOrganization;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The organisation's admin page, beyond the seed: Acme's own default table (the values that differ
 * from the notifier's, with a dry run over every agent before saving) and its locks (what no agent
 * can change). Saved through {@link Notifier#editOrganization}, with the version the page was
 * loaded with so that two admins never overwrite each other unseen. Only {@link #ADMINS} may read
 * or change it. Thread-safe.
 */
final class OrganizationPage {
  /** The organisation of the web example's agents. */
  static final String ORGANIZATION = "acme";

  /** Its name, as reasons say it ("the default of Acme, table acme-2"). */
  static final String NAME = "Acme";

  /** The agents who administer it. */
  static final Set<String> ADMINS = Set.of("alice");

  private final Catalog catalog;
  private final ObjectMapper json;
  private final OrganizationStore store;
  private final CatalogFields fields;
  private @Nullable Notifier notifier;

  OrganizationPage(Catalog catalog, ObjectMapper json, OrganizationStore store) {
    this.catalog = catalog;
    this.json = json;
    this.store = store;
    this.fields = new CatalogFields(catalog);
  }

  /** The notifier that decides with this organisation (built after the page, which it reads). */
  void notifier(Notifier n) {
    this.notifier = n;
  }

  private Notifier notifier() {
    Notifier n = notifier;
    if (n == null) {
      throw new IllegalStateException("the organisation page has no notifier yet");
    }
    return n;
  }

  /** The organisation's settings as stored now, or null before the first save. */
  @Nullable OrganizationSettings current() {
    return store.load(ORGANIZATION).settings();
  }

  /** Refuses an agent who is not an admin. */
  static void requireAdmin(String agent) {
    if (!ADMINS.contains(agent)) {
      throw new BadRequest(403, "only an admin of " + NAME + " may see or change its defaults");
    }
  }

  /** The page: every option with its value in the organisation's table and the standard one. */
  ObjectNode view() {
    VersionedOrganization v = store.load(ORGANIZATION);
    OrganizationSettings org = settingsOf(v);
    DefaultTable base = notifier().engine().defaults();
    DefaultTable table = org.table(base);
    ObjectNode page = json.createObjectNode();
    page.put("name", org.name());
    page.put("version", v.version());
    page.put("tableVersion", org.tableVersion());
    page.put("standardVersion", base.version());
    ArrayNode options = page.putArray("options");
    for (NotificationOption o : catalog.options()) {
      ObjectNode on = options.addObject();
      on.put("id", o.id());
      on.put("label", o.label());
      on.put("tab", o.tab() == Tab.TIMELINE ? "Timeline" : "System Events");
      on.put("perChannel", o.perChannel());
      ObjectNode media = on.putObject("media");
      for (Medium m : catalog.media()) {
        ObjectNode mn = media.putObject(m.id());
        mn.put("value", table.frequency(o.id(), m).name());
        mn.put("standard", base.frequency(o.id(), m).name());
      }
    }
    ArrayNode locks = page.putArray("locks");
    for (Lock l : org.locks()) {
      ObjectNode ln = locks.addObject();
      ln.put("option", l.option());
      ln.put("label", catalog.requireOption(l.option()).label());
      ln.put("medium", l.medium().id());
      if (l.channel() == null) {
        ln.putNull("channel");
      } else {
        ln.put("channel", l.channel().id());
      }
      ln.put("frequency", l.frequency().name());
    }
    ObjectNode channels = page.putObject("channels");
    for (Channel c : catalog.channels()) {
      channels.put(c.id(), SettingsPage.channelLabel(c));
    }
    return page;
  }

  /**
   * Saves the organisation's defaults and locks if it is still at the version the page was loaded
   * with: {@code defaults} (option, medium, frequency: the values that differ from the standard
   * table) and {@code locks} (option, medium, channel or null, frequency).
   *
   * @throws BadRequest 409 when it changed since, 400 naming what does not fit the catalog
   */
  ObjectNode save(JsonNode body) {
    JsonNode version = body.get("version");
    if (version == null || !version.canConvertToLong()) {
      throw new BadRequest("version is required: the version the page was loaded with");
    }
    long expected = version.asLong();
    if (store.load(ORGANIZATION).version() != expected) {
      throw new BadRequest(
          409,
          "The organisation's settings were changed elsewhere since this page loaded; nothing was"
              + " saved. The page now shows the latest ones.");
    }
    List<Setting> defaults = defaults(body);
    List<Lock> locks = new ArrayList<>();
    for (JsonNode l : CatalogFields.array(body, "locks")) {
      locks.add(
          new Lock(
              fields.option(l),
              fields.medium(l),
              fields.channel(l, "locks[].channel"),
              CatalogFields.frequency(WebJson.text(l, "frequency"))));
    }
    String tableVersion = tableVersion(expected + 1);
    try {
      notifier()
          .editOrganization(
              initial(),
              o -> new OrganizationSettings(o.name(), tableVersion, defaults, locks, o.timing()));
    } catch (IllegalArgumentException e) {
      throw new BadRequest(e.getMessage());
    }
    return view();
  }

  /**
   * A dry run of the organisation's table with {@code defaults} instead of its own: per option and
   * medium, how many agents would follow the change, and who. Nothing is written.
   */
  ObjectNode preview(JsonNode body) {
    VersionedOrganization v = store.load(ORGANIZATION);
    OrganizationSettings next =
        settingsOf(v).withDefaults(tableVersion(v.version() + 1), defaults(body));
    DefaultTable table;
    try {
      table = next.table(notifier().engine().defaults());
    } catch (IllegalArgumentException e) {
      throw new BadRequest("defaults: " + e.getMessage());
    }
    DefaultTableChange c = notifier().previewDefaultTable(table, 5);
    ObjectNode out = json.createObjectNode();
    out.put("from", c.from());
    out.put("to", c.to());
    out.put("agents", c.users());
    ArrayNode lines = out.putArray("changes");
    for (DefaultTableChange.Line l : c.changes()) {
      ObjectNode n = lines.addObject();
      n.put("option", l.option());
      n.put("label", catalog.requireOption(l.option()).label());
      n.put("medium", l.medium().id());
      n.put("before", l.before().name());
      n.put("after", l.after().name());
      n.put("agents", l.users());
      ArrayNode ex = n.putArray("examples");
      l.examples().forEach(ex::add);
    }
    return out;
  }

  private List<Setting> defaults(JsonNode body) {
    List<Setting> defaults = new ArrayList<>();
    for (JsonNode d : CatalogFields.array(body, "defaults")) {
      try {
        defaults.add(
            Setting.of(
                fields.option(d),
                fields.medium(d),
                CatalogFields.frequency(WebJson.text(d, "frequency"))));
      } catch (IllegalArgumentException e) {
        throw new BadRequest("defaults[]: " + e.getMessage());
      }
    }
    return defaults;
  }

  private static OrganizationSettings settingsOf(VersionedOrganization v) {
    OrganizationSettings s = v.settings();
    return s != null ? s : initial();
  }

  /** Before the first save: the notifier's table under the organisation's first version. */
  private static OrganizationSettings initial() {
    return OrganizationSettings.of(NAME, tableVersion(0));
  }

  /** The table version of the organisation's settings at store version {@code version}. */
  private static String tableVersion(long version) {
    return ORGANIZATION.toLowerCase(Locale.ROOT) + "-" + (version + 1);
  }
}
