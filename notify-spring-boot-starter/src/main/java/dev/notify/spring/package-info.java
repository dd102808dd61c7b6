/**
 * Spring Boot auto-configuration of a notifier ({@link dev.notify.spring.NotifyAutoConfiguration}):
 * the stores on the application's DataSource, joining its transactions; email from {@code
 * notify.email.*}; workers started and stopped with the context; a health indicator; Micrometer
 * metrics and observations when Micrometer is there.
 */
@NullMarked
package dev.notify.spring;

import org.jspecify.annotations.NullMarked;
