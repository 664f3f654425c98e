import { createAuthClient } from 'better-auth/react';
import { ApiError } from './api';

/** better-auth's client; it talks to /api/auth on this origin, which server.ts hands to the API. */
export const authClient = createAuthClient();

interface AuthFailure {
  status: number;
  code?: string | undefined;
  message?: string | undefined;
  /** Our password rule names its field here, in the API's validation shape. */
  details?: unknown;
}

/**
 * better-auth answers failures as `{ error }`; this turns them into ApiErrors for react-query and forms, so
 * a refused password shows next to its field. Its own per-address rate limit says nothing about when to
 * retry; the per-account throttle does.
 */
export async function authCall<T>(call: Promise<{ data: T | null; error: AuthFailure | null }>): Promise<T> {
  const { data, error } = await call;
  if (error) {
    const message =
      error.status === 429 && error.code !== 'ACCOUNT_LOCKED'
        ? 'Too many attempts. Wait a minute and try again.'
        : (error.message ?? 'Something went wrong');
    throw new ApiError(error.status, {
      code: error.code ?? 'AUTH_ERROR',
      message,
      details: error.details,
    });
  }
  return data as T;
}
