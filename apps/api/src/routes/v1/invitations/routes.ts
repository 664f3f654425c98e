import { OrgParamsSchema } from '@switchboard/contracts/common';
import {
  AcceptedInvitationSchema,
  CreateInvitationSchema,
  InvitationParamsSchema,
  InvitationPreviewSchema,
  InvitationSchema,
  InvitationTokenParamsSchema,
} from '@switchboard/contracts/members';
import { acceptInvitation } from '@switchboard/core/invitations/accept-invitation';
import { createInvitation } from '@switchboard/core/invitations/create-invitation';
import { listInvitations } from '@switchboard/core/invitations/list-invitations';
import { previewInvitation } from '@switchboard/core/invitations/preview-invitation';
import { resendInvitation } from '@switchboard/core/invitations/resend-invitation';
import { revokeInvitation } from '@switchboard/core/invitations/revoke-invitation';
import type { SystemDatabase } from '@switchboard/db/database';
import { z } from 'zod';
import type { FastifyZodInstance } from '../../../types.ts';

export function invitationRoutes(
  app: FastifyZodInstance,
  { systemDb, publicUrl }: { systemDb: SystemDatabase; publicUrl: string },
): void {
  app.get(
    '/api/v1/orgs/:orgId/invitations',
    {
      config: { access: { kind: 'org', permission: 'members:read' } },
      schema: {
        tags: ['invitations'],
        summary: 'Invitations of the organization, pending first',
        params: OrgParamsSchema,
        response: { 200: z.object({ invitations: z.array(InvitationSchema) }) },
      },
    },
    async (request) => ({ invitations: await request.inOrganization(listInvitations) }),
  );

  app.post(
    '/api/v1/orgs/:orgId/invitations',
    {
      config: { access: { kind: 'org', permission: 'members:invite' } },
      schema: {
        tags: ['invitations'],
        summary: 'Invite someone by email with a role',
        params: OrgParamsSchema,
        body: CreateInvitationSchema,
        response: { 201: InvitationSchema },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await request.inOrganization((scope) => createInvitation(scope, request.body, { publicUrl }))),
  );

  app.post(
    '/api/v1/orgs/:orgId/invitations/:invitationId/resend',
    {
      config: { access: { kind: 'org', permission: 'members:invite' } },
      schema: {
        tags: ['invitations'],
        summary: 'Send the invitation again with a new link (the old link stops working)',
        params: InvitationParamsSchema,
        response: { 200: InvitationSchema },
      },
    },
    (request) =>
      request.inOrganization((scope) => resendInvitation(scope, request.params.invitationId, { publicUrl })),
  );

  app.delete(
    '/api/v1/orgs/:orgId/invitations/:invitationId',
    {
      config: { access: { kind: 'org', permission: 'members:invite' } },
      schema: {
        tags: ['invitations'],
        summary: 'Revoke a pending invitation',
        params: InvitationParamsSchema,
        response: { 204: z.undefined() },
      },
    },
    async (request, reply) => {
      await request.inOrganization((scope) => revokeInvitation(scope, request.params.invitationId));
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/v1/invitations/:token',
    {
      config: { access: { kind: 'public' } },
      schema: {
        tags: ['invitations'],
        summary: 'What an invitation link offers (for the accept page)',
        security: [],
        params: InvitationTokenParamsSchema,
        response: { 200: InvitationPreviewSchema },
      },
    },
    (request) => previewInvitation(systemDb, request.params.token),
  );

  app.post(
    '/api/v1/invitations/:token/accept',
    {
      config: { access: { kind: 'user' } },
      schema: {
        tags: ['invitations'],
        summary: 'Accept an invitation as the invited email address',
        params: InvitationTokenParamsSchema,
        response: { 200: AcceptedInvitationSchema },
      },
    },
    (request) => acceptInvitation(systemDb, request.actor!, request.params.token),
  );
}
