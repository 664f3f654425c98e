import type { Database } from '@switchboard/db/database';
import { notFound } from '../errors.ts';
import type { Membership } from './actor.ts';
import { permissionsOfRole } from './catalog.ts';

/**
 * The read of an actor's role in an organization, sent as the tenant transaction's first read (it runs under
 * RLS after the tenant is set, in the same round trip as BEGIN; packages/db/src/tenant.ts).
 */
export function membershipRead(db: Database, organizationId: string, userId: string) {
  return db
    .selectFrom('memberships')
    .innerJoin('roles', 'roles.key', 'memberships.role')
    .select(['memberships.role', 'roles.permissions'])
    .where('memberships.organizationId', '=', organizationId)
    .where('memberships.userId', '=', userId);
}

export type MembershipRow = { role: string; permissions: string[] };

/**
 * The actor's membership from that read, with the permissions of its role. Anyone who is not a member gets the
 * same 404 as for an organization that does not exist.
 */
export function toMembership(organizationId: string, row: MembershipRow | undefined): Membership {
  if (!row) throw notFound('Organization');
  return {
    organizationId,
    role: row.role,
    permissions: permissionsOfRole({ key: row.role, permissions: row.permissions }),
  };
}
