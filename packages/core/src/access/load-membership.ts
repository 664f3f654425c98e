import { type Arguments, precompiled } from '@switchboard/db/precompiled';
import { notFound } from '../errors.ts';
import type { Membership } from './actor.ts';
import { permissionsOfRole } from './catalog.ts';

/**
 * The read of an actor's role in an organization, sent as the tenant transaction's first read (it runs under
 * RLS after the tenant is set, in the same round trip as BEGIN; packages/db/src/tenant.ts). Every
 * organization request sends it: compiled once.
 */
export const membershipRead = precompiled((db, arg: Arguments<{ organizationId: string; userId: string }>) =>
  db
    .selectFrom('memberships')
    .innerJoin('roles', 'roles.key', 'memberships.role')
    .select(['memberships.role', 'roles.permissions'])
    .where('memberships.organizationId', '=', arg('organizationId'))
    .where('memberships.userId', '=', arg('userId')),
);

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
