import { createAuthClient } from 'better-auth/react';

/** better-auth's client; it talks to /api/auth on this origin, which server.ts hands to the API. */
export const authClient = createAuthClient();

/** better-auth answers failures as `{ error }`; this turns them into exceptions for react-query and forms. */
export async function authCall<T>(
  call: Promise<{ data: T | null; error: { message?: string; status: number } | null }>,
): Promise<T> {
  const { data, error } = await call;
  if (error) {
    const message =
      error.status === 429
        ? 'Too many attempts. Wait a minute and try again.'
        : (error.message ?? 'Something went wrong');
    throw new Error(message);
  }
  return data as T;
}
