import type { Permission } from '@switchboard/contracts/permissions';
import type { InjectOptions } from 'fastify';
import { request, type TestApp, type TestUser } from './harness.ts';

/** Creates an API key through the API as `user` (who must hold api_keys:manage) and returns its secret. */
export async function createKey(
  testApp: TestApp,
  user: TestUser,
  orgId: string,
  permissions: readonly Permission[],
  options: { name?: string; expiresAt?: string } = {},
): Promise<{ id: string; secret: string }> {
  const response = await request(testApp, user, {
    method: 'POST',
    url: `/api/v1/orgs/${orgId}/api-keys`,
    payload: { name: options.name ?? 'Test key', permissions, expiresAt: options.expiresAt },
  });
  if (response.statusCode !== 201)
    throw new Error(`create key failed ${response.statusCode}: ${response.body}`);
  const body = response.json() as { apiKey: { id: string }; secret: string };
  return { id: body.apiKey.id, secret: body.secret };
}

/** A request as a script sends it (curl, a server): the key in Authorization, no cookie, no Origin. */
export function keyRequest(testApp: TestApp, secret: string, options: InjectOptions) {
  return testApp.app.inject({
    ...options,
    headers: { authorization: `Bearer ${secret}`, ...(options.headers ?? {}) },
  });
}
