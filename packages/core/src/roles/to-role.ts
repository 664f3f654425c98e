import type { Role } from '@switchboard/contracts/permissions';
import { permissionsOfRole } from '../access/catalog.ts';

export function toRole(row: {
  key: string;
  name: string;
  description: string;
  permissions: string[];
  isPredefined: boolean;
}): Role {
  return {
    key: row.key,
    name: row.name,
    description: row.description,
    permissions: permissionsOfRole(row),
    isPredefined: row.isPredefined,
  };
}
