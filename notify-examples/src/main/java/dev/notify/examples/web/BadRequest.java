package dev.notify.examples.web;

import org.jspecify.annotations.Nullable;

/** A request the web host refuses, with the message the client is shown (status 400 by default). */
final class BadRequest extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;

  BadRequest(@Nullable String message) {
    this(400, message);
  }

  BadRequest(int status, @Nullable String message) {
    super(message, null, false, false);
    this.status = status;
  }

  int status() {
    return status;
  }
}
