package dev.notify.internal;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What a checking method does with a null, for NullAway (configured as a custom contract
 * annotation): {@code "null, _ -> fail"} says the method throws when its first argument is null, so
 * the argument is known non-null after the call. Same grammar as JetBrains' {@code @Contract};
 * ours, so that notify-core keeps no dependency. Not checked, trusted: keep it true.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Contract {
  /** The contract, for example {@code "null, _ -> fail"}. */
  String value();
}
