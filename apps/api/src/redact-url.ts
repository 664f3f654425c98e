/** Path segments that are tokens: invitation links (API and dashboard) and better-auth's reset link. */
const TOKEN_SEGMENT = /(\/(?:api\/v1\/invitations|api\/auth\/reset-password|invite)\/)[^/?#&]+/g;
/** Query parameters whose value is a credential: verification and reset tokens, OAuth codes and state. */
const SECRET_PARAMETER = /^(?:token|code|state|[a-z_]*_token)$/i;

/**
 * `url` with every token replaced by [redacted], for logs and error messages. Values of other parameters
 * are redacted too, since they can carry a link (callbackURL=/invite/<token>).
 */
export function redactUrl(url: string): string {
  const queryStart = url.indexOf('?');
  const path = (queryStart === -1 ? url : url.slice(0, queryStart)).replace(TOKEN_SEGMENT, '$1[redacted]');
  if (queryStart === -1) return path;
  const query = [...new URLSearchParams(url.slice(queryStart + 1))]
    .map(([name, value]) =>
      SECRET_PARAMETER.test(name) ? `${name}=[redacted]` : `${name}=${encodeURIComponent(redactUrl(value))}`,
    )
    .join('&');
  return `${path}?${query}`;
}
