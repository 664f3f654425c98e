import { createHmac } from 'node:crypto';

/**
 * The per-account sign-in throttle, in one place. Every attempt for an address counts (whether or not an
 * account exists, so the throttle reveals nothing); a successful sign-in clears the count. After
 * FREE_ATTEMPTS attempts in a row without success, the account is locked for FIRST_LOCKOUT, and each
 * further failed attempt doubles the lock up to MAX_LOCKOUT. During a lock no password is checked at all.
 */
export const SIGN_IN_THROTTLE = {
  FREE_ATTEMPTS: 5,
  FIRST_LOCKOUT_SECONDS: 60,
  MAX_LOCKOUT_SECONDS: 15 * 60,
  /** Failures older than this are forgotten: a typo a month never adds up to a lockout. */
  FORGET_AFTER_SECONDS: 24 * 60 * 60,
} as const;

/** Seconds the account is locked once `attempts` unsuccessful attempts have been counted. */
export function lockoutSeconds(attempts: number): number {
  const { FREE_ATTEMPTS, FIRST_LOCKOUT_SECONDS, MAX_LOCKOUT_SECONDS } = SIGN_IN_THROTTLE;
  if (attempts < FREE_ATTEMPTS) return 0;
  return Math.min(MAX_LOCKOUT_SECONDS, FIRST_LOCKOUT_SECONDS * 2 ** (attempts - FREE_ATTEMPTS));
}

/**
 * The throttle's key for an address: an HMAC under the installation's session secret, so the table holds no
 * address and a copy of it cannot be matched against a list of addresses.
 */
export function signInThrottleKey(secret: string, email: string): string {
  return createHmac('sha256', secret).update(`sign-in-throttle:${email.trim().toLowerCase()}`).digest('hex');
}
