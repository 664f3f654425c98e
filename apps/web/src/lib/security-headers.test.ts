import { describe, expect, it } from 'vitest';
import { dashboardSecurityHeaders, liveKitSources } from './security-headers.ts';

const directive = (csp: string, name: string) =>
  csp
    .split('; ')
    .find((part) => part.startsWith(`${name} `) || part === name)
    ?.split(' ')
    .slice(1);

describe("the dashboard's security headers", () => {
  const local = dashboardSecurityHeaders({ publicUrl: 'http://localhost:3000', isDev: false }, 'abc123==');
  const csp = local['Content-Security-Policy']!;

  it('lets only scripts carrying the per-request nonce run, and nothing frame the dashboard', () => {
    expect(directive(csp, 'script-src')).toEqual(["'self'", "'nonce-abc123=='", "'strict-dynamic'"]);
    expect(directive(csp, 'frame-ancestors')).toEqual(["'none'"]);
    expect(directive(csp, 'object-src')).toEqual(["'none'"]);
    expect(directive(csp, 'base-uri')).toEqual(["'none'"]);
    expect(local['X-Frame-Options']).toBe('DENY');
    expect(local['X-Content-Type-Options']).toBe('nosniff');
    expect(local['Referrer-Policy']).toBe('no-referrer');
  });

  it('announces HSTS and upgrades requests only when PUBLIC_URL is https', () => {
    expect(local['Strict-Transport-Security']).toBeUndefined();
    expect(directive(csp, 'upgrade-insecure-requests')).toBeUndefined();
    const https = dashboardSecurityHeaders({ publicUrl: 'https://sb.example.com', isDev: false }, 'n');
    expect(https['Strict-Transport-Security']).toBe('max-age=31536000');
    expect(directive(https['Content-Security-Policy']!, 'upgrade-insecure-requests')).toEqual([]);
  });

  it('allows eval only under next dev', () => {
    const dev = dashboardSecurityHeaders({ publicUrl: 'http://localhost:3000', isDev: true }, 'n');
    expect(directive(dev['Content-Security-Policy']!, 'script-src')).toContain("'unsafe-eval'");
    expect(directive(csp, 'script-src')).not.toContain("'unsafe-eval'");
  });

  it('connects to this origin only, plus the configured LiveKit server', () => {
    expect(directive(csp, 'connect-src')).toEqual(["'self'"]);
    const withVoice = dashboardSecurityHeaders(
      { publicUrl: 'http://localhost:3000', livekitUrl: 'ws://localhost:7880', isDev: false },
      'n',
    );
    expect(directive(withVoice['Content-Security-Policy']!, 'connect-src')).toEqual([
      "'self'",
      'ws://localhost:7880',
      'http://localhost:7880',
    ]);
  });

  it('covers the region servers of LiveKit Cloud, which are other subdomains of the project', () => {
    expect(liveKitSources('wss://acme-x1y2.livekit.cloud')).toEqual([
      'wss://*.livekit.cloud',
      'https://*.livekit.cloud',
    ]);
    expect(liveKitSources('wss://livekit.example.com:7443')).toEqual([
      'wss://livekit.example.com:7443',
      'https://livekit.example.com:7443',
    ]);
    expect(liveKitSources(undefined)).toEqual([]);
  });
});
