import { describe, expect, it } from 'vitest';
import { REDACTED, redactAttributes, redactTelemetryUrl } from '../src/redact.ts';

describe('what telemetry may keep of an attribute', () => {
  it('keeps a URL path and its parameter names, never a query value or a token in the path', () => {
    expect(redactTelemetryUrl('/api/auth/verify-email?token=abc.def&callbackURL=/invite/xyz')).toBe(
      `/api/auth/verify-email?token=${REDACTED}&callbackURL=${REDACTED}`,
    );
    expect(redactTelemetryUrl('https://app.example/api/v1/invitations/secret-token/accept')).toBe(
      `https://app.example/api/v1/invitations/${REDACTED}/accept`,
    );
    expect(redactTelemetryUrl('/api/v1/orgs/1/agents')).toBe('/api/v1/orgs/1/agents');
  });

  it('redacts credential headers, URLs and email addresses, and drops statement parameters', () => {
    const attributes = redactAttributes({
      'http.request.header.authorization': ['Bearer sk-1'],
      'http.request.header.cookie': 'better-auth.session_token=abc',
      'http.response.header.set-cookie': 'x=1',
      'http.request.header.x-api-key': 'k',
      'url.full': 'https://api.example/x?code=oauth-code',
      'url.query': 'state=s&code=c',
      'db.statement.parameters': '["a@b.example"]',
      'enduser.note': 'write to Ann@Example.com today',
      'http.route': '/api/v1/orgs/:orgId',
      'http.response.status_code': 200,
    });
    expect(attributes).toEqual({
      'http.request.header.authorization': REDACTED,
      'http.request.header.cookie': REDACTED,
      'http.response.header.set-cookie': REDACTED,
      'http.request.header.x-api-key': REDACTED,
      'url.full': `https://api.example/x?code=${REDACTED}`,
      'url.query': `state=${REDACTED}&code=${REDACTED}`,
      'enduser.note': `write to ${REDACTED} today`,
      'http.route': '/api/v1/orgs/:orgId',
      'http.response.status_code': 200,
    });
  });
});
