import type { RoleCatalog } from '@switchboard/contracts/permissions';

/** A role's display name, falling back to its key while the catalog loads. */
export function roleName(catalog: RoleCatalog | undefined, key: string): string {
  return catalog?.roles.find((role) => role.key === key)?.name ?? key;
}
