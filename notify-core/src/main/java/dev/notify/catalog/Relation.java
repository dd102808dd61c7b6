package dev.notify.catalog;

/**
 * How a user relates to an action, which is what puts them in an option's audience.
 *
 * @since 0.1.0
 */
public enum Relation {
  /** The conversation's assignee (at the time of the action, for a snooze: at expiry). */
  ASSIGNEE,
  /** A follower of the action's customer. */
  FOLLOWER,
  /** A user mentioned by name in a note. */
  MENTIONED,
  /** A member of a team mentioned in a note. */
  TEAM_MENTIONED,
  /** Every user of the organisation. */
  EVERYONE
}
