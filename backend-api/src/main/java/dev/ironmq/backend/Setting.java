package dev.ironmq.backend;

import java.util.Optional;
import java.util.function.Function;

/**
 * What a queue update does to one optional setting: leaves it alone, sets it, or removes it.
 *
 * @param <T> the setting's value type
 */
public sealed interface Setting<T> {
  record Keep<T>() implements Setting<T> {}

  record Set<T>(T value) implements Setting<T> {}

  record Remove<T>() implements Setting<T> {}

  static <T> Setting<T> keep() {
    return new Keep<>();
  }

  static <T> Setting<T> set(T value) {
    return new Set<>(value);
  }

  static <T> Setting<T> remove() {
    return new Remove<>();
  }

  /** The setting after this change is applied to its current value. */
  default Optional<T> applyTo(Optional<T> current) {
    if (this instanceof Set<T> set) {
      return Optional.of(set.value());
    }
    return this instanceof Remove<T> ? Optional.empty() : current;
  }

  default boolean isKeep() {
    return this instanceof Keep<T>;
  }

  /** The value being set, if this sets one. */
  default Optional<T> newValue() {
    return this instanceof Set<T> set ? Optional.of(set.value()) : Optional.empty();
  }

  default <R> Setting<R> map(Function<T, R> mapper) {
    if (this instanceof Set<T> set) {
      return Setting.set(mapper.apply(set.value()));
    }
    return this instanceof Remove<T> ? Setting.remove() : Setting.keep();
  }
}
