/**
 * Helpers every layer shares and no host should call: argument checks that follow the library's one
 * convention. The bottom layer: it uses nothing else of notify. Not exported by the module.
 */
@NullMarked
package dev.notify.internal;

import org.jspecify.annotations.NullMarked;
