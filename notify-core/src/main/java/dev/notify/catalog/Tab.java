package dev.notify.catalog;

/**
 * The tab of the settings page an option appears on.
 *
 * @since 0.1.0
 */
public enum Tab {
  /** Channel messages, conversations, notes and timeline objects. */
  TIMELINE,
  /** System events such as app updates. */
  SYSTEM_EVENTS
}
