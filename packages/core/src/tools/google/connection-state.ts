import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../../errors.ts';

const LIFETIME_MS = 15 * 60_000;

const StateSchema = z.object({
  organizationId: z.uuid(),
  toolId: z.uuid(),
  userId: z.uuid(),
  expiresAt: z.number(),
});
export type ConnectionState = z.infer<typeof StateSchema>;

// A key of its own, derived from the installation's signing secret, so these signatures can never stand
// for anything else signed with that secret.
const stateKey = (secret: string) =>
  createHmac('sha256', secret).update('switchboard:google-oauth-state').digest();
const sign = (secret: string, payload: string) =>
  createHmac('sha256', stateKey(secret)).update(payload).digest('base64url');

/**
 * The OAuth `state`: who started connecting which tool, signed (HMAC-SHA256) so nobody can forge or alter
 * it, and short-lived. It names ids only, no secret, so it needs no sealing: the API signs and checks it
 * without holding anything that opens secrets. It carries the context Google's fixed redirect URI cannot.
 */
export function signConnectionState(
  secret: string,
  state: Omit<ConnectionState, 'expiresAt'>,
  now = Date.now(),
): string {
  const payload = Buffer.from(JSON.stringify({ ...state, expiresAt: now + LIFETIME_MS })).toString(
    'base64url',
  );
  return `${payload}.${sign(secret, payload)}`;
}

export function verifyConnectionState(secret: string, signed: string, now = Date.now()): ConnectionState {
  const [payload = '', signature = '', ...rest] = signed.split('.');
  const expected = Buffer.from(sign(secret, payload));
  const given = Buffer.from(signature);
  const parsed =
    rest.length === 0 && given.length === expected.length && timingSafeEqual(given, expected)
      ? StateSchema.safeParse(parseJson(Buffer.from(payload, 'base64url').toString('utf8')))
      : undefined;
  if (!parsed?.success) {
    throw new AppError('VALIDATION_ERROR', 'This Google sign-in link is not valid; start connecting again');
  }
  if (parsed.data.expiresAt < now) {
    throw new AppError('VALIDATION_ERROR', 'This Google sign-in took too long; start connecting again');
  }
  return parsed.data;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
