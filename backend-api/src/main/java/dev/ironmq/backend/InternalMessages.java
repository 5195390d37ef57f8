package dev.ironmq.backend;

/**
 * Writes the bodies of the messages a backend posts itself (error reports, alerts) in the form the
 * API documents. The HTTP layer provides it, with its JSON library; backends stay free of one.
 */
public interface InternalMessages {
  String render(ErrorReport report);

  String render(AlertNotice notice);
}
