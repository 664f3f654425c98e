import { OrgParamsSchema } from '@switchboard/contracts/common';
import {
  CreateOrganizationSchema,
  MyOrganizationSchema,
  OrganizationSchema,
  UpdateOrganizationSchema,
} from '@switchboard/contracts/organizations';
import { createOrganization } from '@switchboard/core/organizations/create-organization';
import { getOrganization } from '@switchboard/core/organizations/get-organization';
import { updateOrganization } from '@switchboard/core/organizations/update-organization';
import type { Database } from '@switchboard/db/database';
import type { FastifyZodInstance } from '../../../types.ts';

export function organizationRoutes(
  app: FastifyZodInstance,
  { db, trialMillicredits }: { db: Database; trialMillicredits: number },
): void {
  app.post(
    '/api/v1/organizations',
    {
      config: { access: { kind: 'user' } },
      schema: {
        tags: ['organizations'],
        summary: 'Create an organization (you become its org_admin)',
        body: CreateOrganizationSchema,
        response: { 201: MyOrganizationSchema },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await createOrganization(db, request.actor!, request.body, { trialMillicredits })),
  );

  app.get(
    '/api/v1/orgs/:orgId',
    {
      config: { access: { kind: 'org', permission: null } },
      schema: {
        tags: ['organizations'],
        summary: 'An organization you belong to, with your role and permissions',
        params: OrgParamsSchema,
        response: { 200: MyOrganizationSchema },
      },
    },
    (request) => request.inOrganization(getOrganization),
  );

  app.patch(
    '/api/v1/orgs/:orgId',
    {
      config: { access: { kind: 'org', permission: 'org:manage' } },
      schema: {
        tags: ['organizations'],
        summary: 'Rename an organization or change its time zone',
        params: OrgParamsSchema,
        body: UpdateOrganizationSchema,
        response: { 200: OrganizationSchema },
      },
    },
    (request) => request.inOrganization((scope) => updateOrganization(scope, request.body)),
  );
}
