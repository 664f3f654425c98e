import type { Organization } from '@switchboard/contracts/organizations';

export function toOrganization(row: {
  id: string;
  name: string;
  slug: string;
  timeZone: string;
  createdAt: Date;
}): Organization {
  return {
    id: row.id,
    name: row.name,
    slug: row.slug,
    timeZone: row.timeZone,
    createdAt: row.createdAt.toISOString(),
  };
}
