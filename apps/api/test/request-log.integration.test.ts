import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.ts';
import { createTestApp, type TestApp } from './harness.ts';

interface LogLine {
  level: number;
  msg: string;
  reqId?: string;
  req?: { method: string; url: string };
  res?: { statusCode: number };
  responseTime?: number;
}

const DEBUG = 20;
const INFO = 30;

let t: TestApp;
const lines: LogLine[] = [];

beforeAll(async () => {
  t = await createTestApp({
    logger: createLogger('debug', { write: (line: string) => void lines.push(JSON.parse(line)) }),
  });
});
afterAll(() => t.close());

const linesOf = (requestId: string) => lines.filter((line) => line.reqId === requestId);

describe('request log', () => {
  it('writes one line per request at info, when it completes, with the request, status and time', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: '/api/health',
      headers: { 'x-request-id': 'one-line-per-request' },
    });
    expect(response.statusCode).toBe(200);

    const logged = linesOf('one-line-per-request');
    const atInfo = logged.filter((line) => line.level >= INFO);
    expect(atInfo).toHaveLength(1);
    expect(atInfo[0]).toMatchObject({
      msg: 'request completed',
      req: { method: 'GET', url: '/api/health' },
      res: { statusCode: 200 },
    });
    expect(atInfo[0]?.responseTime).toBeGreaterThanOrEqual(0);
    // Fastify's "incoming request" is still there for whoever logs at debug.
    expect(logged.filter((line) => line.level === DEBUG).map((line) => line.msg)).toContain(
      'incoming request',
    );
  });

  it('redacts a token in the URL of the completed line', async () => {
    await t.app.inject({
      method: 'GET',
      url: '/api/v1/invitations/secret-invitation-token',
      headers: { 'x-request-id': 'token-in-url' },
    });
    const completed = linesOf('token-in-url').find((line) => line.msg === 'request completed');
    expect(completed?.req?.url).toBe('/api/v1/invitations/[redacted]');
    expect(JSON.stringify(linesOf('token-in-url'))).not.toContain('secret-invitation-token');
  });
});
