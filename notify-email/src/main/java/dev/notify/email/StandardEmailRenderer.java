package dev.notify.email;

import dev.notify.action.Action;
import dev.notify.action.AppUpdated;
import dev.notify.action.MessageReceived;
import dev.notify.action.NoteAdded;
import dev.notify.action.ObjectCreated;
import dev.notify.action.ObjectUpdated;
import dev.notify.spi.Delivery;
import dev.notify.spi.Digest;

/**
 * Plain, informative notification email for every option of the standard catalog; options it does
 * not know get their label and the action's description. Every value is HTML-escaped in the HTML
 * body, and line breaks and encoded forms are neutralised in the subject. Thread-safe.
 *
 * @since 0.1.0
 */
public final class StandardEmailRenderer implements EmailRenderer {
  private static final int EXCERPT = 280;

  private final String product;

  /** A renderer that signs its mail with {@code product}, for example {@code "Acme Help Desk"}. */
  public StandardEmailRenderer(String product) {
    this.product = HeaderText.check(product, "product");
  }

  @Override
  public RenderedEmail render(Delivery delivery) {
    Action a = delivery.action();
    String subject = subject(delivery);
    String excerpt = excerpt(a);
    String why = "You get this because of your setting \"" + delivery.option().label() + "\".";
    StringBuilder text =
        new StringBuilder().append(subject).append("\n\n").append(a.describe()).append('\n');
    if (!excerpt.isEmpty()) {
      text.append("\n> ").append(excerpt.replace("\n", "\n> ")).append('\n');
    }
    text.append("\n-- \n").append(why).append('\n').append(product).append('\n');

    StringBuilder html =
        new StringBuilder("<!DOCTYPE html><html><body>")
            .append("<h1 style=\"font-size:18px\">")
            .append(escape(subject))
            .append("</h1>")
            .append("<p>")
            .append(escape(a.describe()))
            .append("</p>");
    quote(html, excerpt);
    html.append("<p style=\"color:#666;font-size:12px\">")
        .append(escape(why))
        .append("<br>")
        .append(escape(product))
        .append("</p></body></html>");
    return new RenderedEmail(subject, text.toString(), html.toString());
  }

  /**
   * One message listing every delivery of the digest: its subject line, what happened, an excerpt,
   * and the setting it came from.
   *
   * @since 0.2.0
   */
  @Override
  public RenderedEmail renderDigest(Digest digest) {
    String subject =
        oneLine(digest.size() + " notifications: " + subject(digest.deliveries().get(0)));
    // A throttle's digest says gathered it came together: the user's limit, not a digest they asked
    // for.
    String gathered =
        digest.throttled()
            ? "gathered in one message: more arrived than your email limit lets through"
            : "gathered in one message by your digest setting";
    StringBuilder text =
        new StringBuilder()
            .append(digest.size())
            .append(" notifications, ")
            .append(gathered)
            .append(".\n");
    StringBuilder html =
        new StringBuilder("<!DOCTYPE html><html><body><h1 style=\"font-size:18px\">")
            .append(digest.size())
            .append(" notifications</h1><p>")
            .append(Character.toUpperCase(gathered.charAt(0)))
            .append(gathered, 1, gathered.length())
            .append(".</p><ol>");
    for (Delivery d : digest.deliveries()) {
      String line = subject(d);
      String excerpt = excerpt(d.action());
      String why = "Because of your setting \"" + d.option().label() + "\".";
      text.append("\n* ").append(line).append('\n').append("  ").append(d.action().describe());
      text.append('\n');
      if (!excerpt.isEmpty()) {
        text.append("  > ").append(excerpt.replace("\n", "\n  > ")).append('\n');
      }
      text.append("  ").append(why).append('\n');
      html.append("<li><p><b>")
          .append(escape(line))
          .append("</b><br>")
          .append(escape(d.action().describe()))
          .append("</p>");
      quote(html, excerpt);
      html.append("<p style=\"color:#666;font-size:12px\">")
          .append(escape(why))
          .append("</p></li>");
    }
    text.append("\n-- \n").append(product).append('\n');
    html.append("</ol><p style=\"color:#666;font-size:12px\">")
        .append(escape(product))
        .append("</p></body></html>");
    return new RenderedEmail(subject, text.toString(), html.toString());
  }

  /** The excerpt, escaped, as a quotation; nothing when there is none. */
  private static void quote(StringBuilder html, String excerpt) {
    if (!excerpt.isEmpty()) {
      html.append("<blockquote>")
          .append(escape(excerpt).replace("\n", "<br>"))
          .append("</blockquote>");
    }
  }

  /** The subject of one delivery's own message, one line. */
  private static String subject(Delivery delivery) {
    Action a = delivery.action();
    String actor = a.actorIfAny().orElse("Someone");
    String conversation = a.conversationIfAny().orElse("");
    String customer = a.customerIfAny().orElse("a customer");
    String channel = a.channelIfAny().map(c -> c.id()).orElse("");
    String subject =
        switch (delivery.option().id()) {
          case "conversation.message.assigned" ->
              "New " + channel + " message in conversation " + conversation;
          case "customer.message.followed" -> customer + " sent a " + channel + " message";
          case "customer.message.any" -> "New " + channel + " message from " + customer;
          case "conversation.created" -> customer + " started a new " + channel + " conversation";
          case "conversation.assigned" -> actor + " assigned you conversation " + conversation;
          case "conversation.transferred" ->
              actor + " transferred conversation " + conversation + " to you";
          case "conversation.snooze_expired" -> "Snooze expired on conversation " + conversation;
          case "note.added" -> actor + " added a note on conversation " + conversation;
          case "note.mentioned" -> actor + " mentioned you in a note";
          case "note.team_mentioned" -> actor + " mentioned your team in a note";
          case "object.created" -> actor + " created " + object(a) + " on " + customer;
          case "object.updated" -> actor + " updated " + object(a) + " on " + customer;
          case "app.updated" ->
              "App " + (a instanceof AppUpdated u ? u.app() : "") + " was updated";
          default -> delivery.option().label();
        };
    return oneLine(subject);
  }

  private static String object(Action a) {
    String o =
        a instanceof ObjectCreated c
            ? c.object()
            : a instanceof ObjectUpdated u ? u.object() : null;
    return o == null ? "an object" : o;
  }

  private static String excerpt(Action a) {
    String t =
        a instanceof NoteAdded n ? n.text() : a instanceof MessageReceived m ? m.text() : null;
    if (t == null || t.isBlank()) {
      return "";
    }
    t = t.strip();
    return t.length() <= EXCERPT ? t : cut(t, EXCERPT) + "…";
  }

  /**
   * A subject is one line, and carries no encoded break or encoded word that a client might decode.
   */
  static String oneLine(String s) {
    String flat =
        s.replaceAll("[\\p{Cntrl}\\u2028\\u2029]+", " ")
            .replaceAll("(?i)%0[ad]|=0[ad]", " ")
            .replace("=?", "= ?");
    flat = flat.strip().replaceAll(" {2,}", " ");
    return flat.length() > 200 ? cut(flat, 200) + "…" : flat;
  }

  /** Escapes text for HTML element content and attribute values. */
  public static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  /** The first {@code max} UTF-16 units of {@code s}, never ending in half a surrogate pair. */
  static String cut(String s, int max) {
    int end = max;
    if (end > 0
        && end < s.length()
        && Character.isHighSurrogate(s.charAt(end - 1))
        && Character.isLowSurrogate(s.charAt(end))) {
      end--; // an emoji is kept whole or left out, never split into a '?'
    }
    return s.substring(0, end);
  }
}
