import { UuidSchema } from '@switchboard/contracts/common';
import type { Metadata } from 'next';
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { LAST_ORGANIZATION_COOKIE } from '@/lib/last-organization';
import { HomeRedirect } from './home-redirect';
import { Landing } from './landing';

export const metadata: Metadata = { title: { absolute: 'Switchboard · AI voice agents you run yourself' } };

/**
 * `/`: the landing page for a visitor without a session, rendered on the server so it shows at once. With a
 * session cookie (valid or not: only the API can tell) and the organization they last worked in, the server
 * answers with a redirect there, before any script runs; without one, the client asks `/me` where to go. A
 * verification link's `?error=` always goes to the client, which explains it.
 */
export default async function RootPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const [jar, params] = await Promise.all([cookies(), searchParams]);
  const hasSession = jar.getAll().some((cookie) => cookie.name.endsWith('better-auth.session_token'));
  const lastOrgId = UuidSchema.safeParse(jar.get(LAST_ORGANIZATION_COOKIE)?.value);
  if (hasSession && !params.error && lastOrgId.success) redirect(`/o/${lastOrgId.data}`);
  return hasSession || params.error ? <HomeRedirect /> : <Landing />;
}
