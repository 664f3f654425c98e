import { OrgParamsSchema } from '@switchboard/contracts/common';
import { MemberParamsSchema, MemberSchema, UpdateMemberSchema } from '@switchboard/contracts/members';
import { changeMemberRole } from '@switchboard/core/members/change-member-role';
import { listMembers } from '@switchboard/core/members/list-members';
import { removeMember } from '@switchboard/core/members/remove-member';
import { z } from 'zod';
import type { FastifyZodInstance } from '../../../types.ts';

export function memberRoutes(app: FastifyZodInstance): void {
  app.get(
    '/api/v1/orgs/:orgId/members',
    {
      config: { access: { kind: 'org', permission: 'members:read' } },
      schema: {
        tags: ['members'],
        summary: 'Members of the organization',
        params: OrgParamsSchema,
        response: { 200: z.object({ members: z.array(MemberSchema) }) },
      },
    },
    async (request) => ({ members: await request.inOrganization(listMembers) }),
  );

  app.patch(
    '/api/v1/orgs/:orgId/members/:userId',
    {
      config: { access: { kind: 'org', permission: 'members:manage' } },
      schema: {
        tags: ['members'],
        summary:
          "Change a member's role (never to a role with permissions you lack; the last org_admin stays)",
        params: MemberParamsSchema,
        body: UpdateMemberSchema,
        response: { 200: MemberSchema },
      },
    },
    (request) =>
      request.inOrganization((scope) => changeMemberRole(scope, request.params.userId, request.body)),
  );

  app.delete(
    '/api/v1/orgs/:orgId/members/:userId',
    {
      config: { access: { kind: 'org', permission: 'members:manage' } },
      schema: {
        tags: ['members'],
        summary: 'Remove a member (not the last org_admin)',
        params: MemberParamsSchema,
        response: { 204: z.undefined() },
      },
    },
    async (request, reply) => {
      await request.inOrganization((scope) => removeMember(scope, request.params.userId));
      return reply.status(204).send();
    },
  );
}
