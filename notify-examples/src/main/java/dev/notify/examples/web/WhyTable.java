package dev.notify.examples.web;

import dev.notify.spi.InboxItem;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Why each in-app notification was delivered, and the page it points to: the host's own table
 * beside notify's inbox ({@code web_why}), written once per publish and read once per panel page.
 * Thread-safe (one connection per call).
 */
final class WhyTable {
  /** Why an item was delivered, and where it points. */
  record Why(String why, String target) {}

  /** The longest target the table keeps. */
  static final int MAX_TARGET = 1000;

  private final DataSource dataSource;

  WhyTable(DataSource dataSource) {
    this.dataSource = dataSource;
    try (Connection c = dataSource.getConnection();
        Statement st = c.createStatement()) {
      st.execute(
          "CREATE TABLE IF NOT EXISTS web_why (item_id VARCHAR(2048) PRIMARY KEY,"
              + " why VARCHAR(4000) NOT NULL, target VARCHAR("
              + MAX_TARGET
              + ") NOT NULL)");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create the web example's table: " + e, e);
    }
  }

  /** Keeps the why of each item of a publish, all pointing to {@code target}. */
  void save(Map<String, String> whys, String target) throws SQLException {
    if (whys.isEmpty()) {
      return;
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement("INSERT INTO web_why (item_id, why, target) VALUES (?, ?, ?)")) {
      for (Map.Entry<String, String> w : whys.entrySet()) {
        ps.setString(1, w.getKey());
        ps.setString(2, w.getValue());
        ps.setString(3, target);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /** The whys of {@code items} (at most 100: one query), by item id; none for an unknown item. */
  Map<String, Why> of(List<InboxItem> items) throws SQLException {
    Map<String, Why> out = new HashMap<>();
    if (items.isEmpty()) {
      return out;
    }
    String marks = "?" + ", ?".repeat(items.size() - 1);
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT item_id, why, target FROM web_why WHERE item_id IN (" + marks + ")")) {
      for (int i = 0; i < items.size(); i++) {
        ps.setString(i + 1, items.get(i).id());
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getString(1), new Why(rs.getString(2), rs.getString(3)));
        }
      }
    }
    return out;
  }
}
