import {
  CreateCustomRoleSchema,
  RoleCatalogSchema,
  RoleParamsSchema,
  RoleSchema,
  UpdateCustomRoleSchema,
} from '@switchboard/contracts/permissions';
import { createCustomRole } from '@switchboard/core/roles/create-custom-role';
import { deleteCustomRole } from '@switchboard/core/roles/delete-custom-role';
import { getRoleCatalog } from '@switchboard/core/roles/get-role-catalog';
import { updateCustomRole } from '@switchboard/core/roles/update-custom-role';
import type { Database, SystemDatabase } from '@switchboard/db/database';
import { withSystem } from '@switchboard/db/tenant';
import { z } from 'zod';
import type { FastifyZodInstance } from '../../../types.ts';

// Roles are installation-wide, not tenant data; writes run as system work to check use across organizations.
export function roleRoutes(
  app: FastifyZodInstance,
  { db, systemDb }: { db: Database; systemDb: SystemDatabase },
): void {
  app.get(
    '/api/v1/roles',
    {
      config: { access: { kind: 'user' } },
      schema: {
        tags: ['roles'],
        summary: 'Roles that can be assigned, and the permission catalog',
        response: { 200: RoleCatalogSchema },
      },
    },
    () => db.transaction().execute(getRoleCatalog),
  );

  app.post(
    '/api/v1/admin/roles',
    {
      config: { access: { kind: 'platform-admin' } },
      schema: {
        tags: ['platform admin'],
        summary: 'Create a custom role from the permission catalog',
        body: CreateCustomRoleSchema,
        response: { 201: RoleSchema },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await withSystem(systemDb, 'platform admin: create role', (tx) =>
            createCustomRole(tx, request.body),
          ),
        ),
  );

  app.patch(
    '/api/v1/admin/roles/:roleKey',
    {
      config: { access: { kind: 'platform-admin' } },
      schema: {
        tags: ['platform admin'],
        summary: 'Change a custom role (predefined roles are read-only)',
        params: RoleParamsSchema,
        body: UpdateCustomRoleSchema,
        response: { 200: RoleSchema },
      },
    },
    (request) =>
      withSystem(systemDb, 'platform admin: update role', (tx) =>
        updateCustomRole(tx, request.params.roleKey, request.body),
      ),
  );

  app.delete(
    '/api/v1/admin/roles/:roleKey',
    {
      config: { access: { kind: 'platform-admin' } },
      schema: {
        tags: ['platform admin'],
        summary: 'Delete a custom role nobody holds',
        params: RoleParamsSchema,
        response: { 204: z.undefined() },
      },
    },
    async (request, reply) => {
      await withSystem(systemDb, 'platform admin: delete role', (tx) =>
        deleteCustomRole(tx, request.params.roleKey),
      );
      return reply.status(204).send();
    },
  );
}
