/** What the dashboard's headers depend on, read from the environment once when server.ts starts. */
export interface DashboardHeaderSettings {
  /** The address people open (PUBLIC_URL): HSTS and upgrade-insecure-requests only when it is https. */
  publicUrl: string;
  /** The LiveKit server the browser joins calls on (LIVEKIT_URL); unset while voice is not configured. */
  livekitUrl?: string | undefined;
  /** `next dev` needs eval for its error overlay; a production build never does. */
  isDev: boolean;
}

const ONE_YEAR = 365 * 24 * 60 * 60;

/**
 * Where livekit-client connects: the signalling WebSocket at LIVEKIT_URL, plain HTTP(S) requests to the same
 * host (connection checks), and on LiveKit Cloud the region servers it is routed to, which are other
 * subdomains of the project's domain. (Media goes over WebRTC, which CSP does not govern.)
 */
export function liveKitSources(livekitUrl: string | undefined): string[] {
  if (!livekitUrl) return [];
  const url = new URL(livekitUrl);
  const secure = url.protocol === 'wss:' || url.protocol === 'https:';
  const [ws, http] = secure ? ['wss:', 'https:'] : ['ws:', 'http:'];
  const cloud = ['livekit.cloud', 'livekit.run'].find((domain) => url.hostname.endsWith(`.${domain}`));
  const host = cloud ? `*.${cloud}` : url.host;
  return [`${ws}//${host}`, `${http}//${host}`];
}

/**
 * The headers of every page and asset of the dashboard. `nonce` is fresh per request: Next.js reads it back
 * from the Content-Security-Policy request header and puts it on each of its scripts, inline ones included,
 * so no other inline script can run ('strict-dynamic' lets those scripts load the chunks they import).
 * Styles allow 'unsafe-inline': React and Radix set style attributes and toasts inject style tags, and
 * injected CSS cannot run code. No Referer at all: reset and invitation links carry their token in the URL.
 */
export function dashboardSecurityHeaders(
  settings: DashboardHeaderSettings,
  nonce: string,
): Record<string, string> {
  const isHttps = new URL(settings.publicUrl).protocol === 'https:';
  const policy: Record<string, string[]> = {
    'default-src': ["'self'"],
    'script-src': [
      "'self'",
      `'nonce-${nonce}'`,
      "'strict-dynamic'",
      ...(settings.isDev ? ["'unsafe-eval'"] : []),
    ],
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:'],
    'font-src': ["'self'", 'data:'],
    'connect-src': ["'self'", ...liveKitSources(settings.livekitUrl)],
    'media-src': ["'self'", 'blob:'],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
    ...(isHttps ? { 'upgrade-insecure-requests': [] } : {}),
  };
  const csp = Object.entries(policy)
    .map(([directive, sources]) => [directive, ...sources].join(' '))
    .join('; ');
  return {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), geolocation=(), microphone=(self)',
    ...(isHttps ? { 'Strict-Transport-Security': `max-age=${ONE_YEAR}` } : {}),
  };
}
