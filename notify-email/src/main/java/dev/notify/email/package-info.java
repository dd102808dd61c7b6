/**
 * The {@code email} transport: rendering, one message per recipient (at most 50 recipients per
 * message), SMTP through Angus Mail and a Postmark-style HTTP API, retries and suppressions. Uses
 * notify-core's API and SPI packages only.
 */
@NullMarked
package dev.notify.email;

import org.jspecify.annotations.NullMarked;
