/** Thrown by the secret boxes: the message names what to fix, never a secret. */
export class SecretBoxError extends Error {
  override name = 'SecretBoxError';
}
