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
