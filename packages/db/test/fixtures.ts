import { randomUUID } from 'node:crypto';
import type { Database } from '../src/database.ts';

/** Arranges rows as the owner, behind RLS' back: a user, an organization and a membership. */
export async function seedOrganization(owner: Database, label: string) {
  const userId = randomUUID();
  const organizationId = randomUUID();
  await owner
    .insertInto('auth.users')
    .values({
      id: userId,
      name: `${label} user`,
      email: `${label}-${userId}@example.test`,
      emailVerified: true,
    })
    .execute();
  await owner
    .insertInto('organizations')
    .values({ id: organizationId, name: `${label} org`, slug: `${label}-${organizationId}` })
    .execute();
  await owner.insertInto('memberships').values({ organizationId, userId, role: 'org_admin' }).execute();
  const invitationId = randomUUID();
  await owner
    .insertInto('invitations')
    .values({
      id: invitationId,
      organizationId,
      email: `invitee-${label}@example.test`,
      role: 'member',
      tokenHash: randomUUID(),
      expiresAt: new Date(Date.now() + 86_400_000),
    })
    .execute();
  return { userId, organizationId, invitationId };
}

/** An agent with one version, an HTTP tool with a secret and a test run, arranged as the owner. */
export async function seedAgentAndTool(owner: Database, organizationId: string, userId: string) {
  const agentId = randomUUID();
  const toolId = randomUUID();
  await owner.insertInto('agents').values({ id: agentId, organizationId, name: 'Receptionist' }).execute();
  await owner
    .insertInto('agentVersions')
    .values({ organizationId, agentId, version: 1, config: JSON.stringify({}), createdBy: userId })
    .execute();
  await owner
    .insertInto('tools')
    .values({
      id: toolId,
      organizationId,
      kind: 'http',
      name: 'CRM',
      config: JSON.stringify({ functions: [] }),
    })
    .execute();
  await owner
    .insertInto('toolSecrets')
    .values({ organizationId, toolId, name: 'api_key', ciphertext: 'v1:not-a-real-ciphertext' })
    .execute();
  await owner
    .insertInto('toolTestRuns')
    .values({ organizationId, toolId, functionName: 'lookup', arguments: JSON.stringify({}) })
    .execute();
  return { agentId, toolId };
}
