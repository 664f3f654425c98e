import type { Metadata } from 'next';
import { cookies } from 'next/headers';
import { HomeRedirect } from './home-redirect';
import { Landing } from './landing';

export const metadata: Metadata = { title: { absolute: 'Switchboard · AI voice agents you run yourself' } };

/**
 * `/`: the landing page for a visitor without a session, rendered on the server so it shows at once; with a
 * session cookie (valid or not: only the API can tell), the client sends them on to their organization. A
 * verification link's `?error=` always goes to the client, which explains it.
 */
export default async function RootPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const [jar, params] = await Promise.all([cookies(), searchParams]);
  const hasSession = jar.getAll().some((cookie) => cookie.name.endsWith('better-auth.session_token'));
  return hasSession || params.error ? <HomeRedirect /> : <Landing />;
}
