import { z } from 'zod';
import { AppError } from '../../errors.ts';
import type { SecretBox } from '../../secrets/secret-box.ts';

const CONTEXT = 'google-oauth-state';
const LIFETIME_MS = 15 * 60_000;

const StateSchema = z.object({
  organizationId: z.uuid(),
  toolId: z.uuid(),
  userId: z.uuid(),
  expiresAt: z.number(),
});
export type ConnectionState = z.infer<typeof StateSchema>;

/**
 * The OAuth `state`: who started connecting which tool, sealed so nobody can forge or read it, and short-
 * lived. It carries the context Google's fixed redirect URI cannot.
 */
export function sealConnectionState(
  box: SecretBox,
  state: Omit<ConnectionState, 'expiresAt'>,
  now = Date.now(),
): string {
  return box.seal(JSON.stringify({ ...state, expiresAt: now + LIFETIME_MS }), CONTEXT);
}

export function openConnectionState(box: SecretBox, sealed: string, now = Date.now()): ConnectionState {
  let state: ConnectionState;
  try {
    state = StateSchema.parse(JSON.parse(box.open(sealed, CONTEXT)));
  } catch {
    throw new AppError('VALIDATION_ERROR', 'This Google sign-in link is not valid; start connecting again');
  }
  if (state.expiresAt < now) {
    throw new AppError('VALIDATION_ERROR', 'This Google sign-in took too long; start connecting again');
  }
  return state;
}
