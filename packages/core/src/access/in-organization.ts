import type { Permission } from '@switchboard/contracts/permissions';
import type { Database } from '@switchboard/db/database';
import { withTenant } from '@switchboard/db/tenant';
import type { Actor, OrgScope } from './actor.ts';
import { authorize } from './authorize.ts';
import { loadMembership } from './load-membership.ts';

/**
 * Runs `fn` for `actor` inside `orgId`: one tenant transaction, membership loaded (404 for outsiders) and
 * the permission checked. Every organization-scoped use case enters through here.
 */
export function inOrganization<T>(
  db: Database,
  actor: Actor,
  orgId: string,
  permission: Permission | null,
  fn: (scope: OrgScope) => Promise<T>,
): Promise<T> {
  return withTenant(db, { orgId, userId: actor.userId }, async (tx) => {
    const membership = await loadMembership(tx, orgId, actor.userId);
    authorize(membership, permission);
    return fn({ tx, actor, membership });
  });
}
