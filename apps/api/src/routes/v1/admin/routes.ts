import {
  AdminOrganizationSchema,
  AdminUserSchema,
  UpdateAdminUserSchema,
  UserParamsSchema,
} from '@switchboard/contracts/admin';
import { FailedEmailSchema } from '@switchboard/contracts/email-outbox';
import { listAllOrganizations } from '@switchboard/core/admin/list-all-organizations';
import { listAllUsers } from '@switchboard/core/admin/list-all-users';
import { setPlatformAdmin } from '@switchboard/core/admin/set-platform-admin';
import { listFailedEmails } from '@switchboard/core/email/list-failed-emails';
import type { SystemDatabase } from '@switchboard/db/database';
import { withSystem } from '@switchboard/db/tenant';
import { z } from 'zod';
import type { FastifyZodInstance } from '../../../types.ts';

export function adminRoutes(app: FastifyZodInstance, { systemDb }: { systemDb: SystemDatabase }): void {
  app.get(
    '/api/v1/admin/organizations',
    {
      config: { access: { kind: 'platform-admin' } },
      schema: {
        tags: ['platform admin'],
        summary: 'Every organization of the installation',
        response: { 200: z.object({ organizations: z.array(AdminOrganizationSchema) }) },
      },
    },
    async () => ({
      organizations: await withSystem(systemDb, 'platform admin: list organizations', listAllOrganizations),
    }),
  );

  app.get(
    '/api/v1/admin/users',
    {
      config: { access: { kind: 'platform-admin' } },
      schema: {
        tags: ['platform admin'],
        summary: 'Every user of the installation',
        response: { 200: z.object({ users: z.array(AdminUserSchema) }) },
      },
    },
    async () => ({
      users: await withSystem(systemDb, 'platform admin: list users', (tx) => listAllUsers(tx)),
    }),
  );

  app.patch(
    '/api/v1/admin/users/:userId',
    {
      config: { access: { kind: 'platform-admin' } },
      schema: {
        tags: ['platform admin'],
        summary: 'Grant or withdraw platform admin',
        params: UserParamsSchema,
        body: UpdateAdminUserSchema,
        response: { 200: AdminUserSchema },
      },
    },
    (request) =>
      withSystem(systemDb, 'platform admin: set platform admin', (tx) =>
        setPlatformAdmin(tx, request.params.userId, request.body.isPlatformAdmin),
      ),
  );

  app.get(
    '/api/v1/admin/emails/failed',
    {
      config: { access: { kind: 'platform-admin' } },
      schema: {
        tags: ['platform admin'],
        summary: 'Emails the provider refused for good or that ran out of delivery attempts, newest first',
        response: { 200: z.object({ emails: z.array(FailedEmailSchema) }) },
      },
    },
    async () => ({
      emails: await withSystem(systemDb, 'platform admin: list failed emails', listFailedEmails),
    }),
  );
}
