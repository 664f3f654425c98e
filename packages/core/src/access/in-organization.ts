import type { Permission } from '@switchboard/contracts/permissions';
import type { Database } from '@switchboard/db/database';
import { withTenant } from '@switchboard/db/tenant';
import { notFound } from '../errors.ts';
import type { Actor, OrgScope } from './actor.ts';
import { authorize } from './authorize.ts';
import { membershipRead, toMembership } from './load-membership.ts';

/**
 * Runs `fn` for `actor` inside `orgId`: one tenant transaction, membership loaded (404 for outsiders) and
 * the permission checked. Every organization-scoped use case enters through here.
 *
 * An API key is an outsider everywhere but its own organization, and there it holds only the permissions
 * both it and its creator's current role hold: the same `authorize` then decides.
 */
export function inOrganization<T>(
  db: Database,
  actor: Actor,
  orgId: string,
  permission: Permission | null,
  fn: (scope: OrgScope) => Promise<T>,
): Promise<T> {
  const { apiKey } = actor;
  if (apiKey && apiKey.organizationId !== orgId) return Promise.reject(notFound('Organization'));
  const firstRead = membershipRead({ organizationId: orgId, userId: actor.userId });
  return withTenant(
    db,
    { orgId, userId: actor.userId },
    async (tx, [row], { commitWith }) => {
      const role = toMembership(orgId, row);
      const membership = apiKey
        ? { ...role, permissions: role.permissions.filter((p) => apiKey.permissions.includes(p)) }
        : role;
      authorize(membership, permission);
      return fn({ tx, actor, membership, commitWith });
    },
    { firstRead },
  );
}
