/**
 * A stored HTTP tool configuration that cannot work (a secret in the URL path or body, a template naming an
 * unknown argument or secret, a body template that is not JSON…). Thrown when the functions are built, for
 * the user to fix; the model never sees it.
 */
export class HttpToolConfigError extends Error {
  override name = 'HttpToolConfigError';
}
