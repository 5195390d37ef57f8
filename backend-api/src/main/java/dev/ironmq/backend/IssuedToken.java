package dev.ironmq.backend;

/**
 * A token just made: the only moment its plain text is known.
 *
 * @param token the plain token, to hand to the client once
 * @param record what is stored
 */
public record IssuedToken(String token, TokenRecord record) {
  public String tokenId() {
    return Tokens.tokenId(record.tokenHash());
  }
}
