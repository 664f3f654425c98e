import type { Permission, RoleKey } from '@switchboard/contracts/permissions';
import type { TransactionEnd, Tx } from '@switchboard/db/tenant';

/** The signed-in user a request acts for, or the member an API key acts for. */
export interface Actor {
  userId: string;
  name: string;
  email: string;
  emailVerified: boolean;
  isPlatformAdmin: boolean;
  /** Set when the request authenticated with an organization API key (packages/core/src/api-keys). */
  apiKey?: ApiKeyActor | undefined;
}

/** The key a request came with: it acts only in its organization, with at most these permissions. */
export interface ApiKeyActor {
  id: string;
  organizationId: string;
  permissions: Permission[];
}

/** The actor's place in one organization. */
export interface Membership {
  organizationId: string;
  role: RoleKey;
  permissions: Permission[];
}

/** What an organization-scoped use case runs with: one tenant transaction, the actor and their membership. */
export interface OrgScope {
  tx: Tx;
  actor: Actor;
  membership: Membership;
  /** Ends the transaction with its last read, in the same round trip as COMMIT (`withTenant`). */
  commitWith: TransactionEnd['commitWith'];
}
