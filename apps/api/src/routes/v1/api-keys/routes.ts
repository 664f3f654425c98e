import {
  ApiKeyParamsSchema,
  ApiKeySchema,
  CreateApiKeySchema,
  CreatedApiKeySchema,
} from '@switchboard/contracts/api-keys';
import { OrgParamsSchema } from '@switchboard/contracts/common';
import { createApiKey } from '@switchboard/core/api-keys/create-api-key';
import { listApiKeys } from '@switchboard/core/api-keys/list-api-keys';
import { revokeApiKey } from '@switchboard/core/api-keys/revoke-api-key';
import { z } from 'zod';
import type { FastifyZodInstance } from '../../../types.ts';

const tags = ['api keys'];

export function apiKeyRoutes(app: FastifyZodInstance): void {
  app.get(
    '/api/v1/orgs/:orgId/api-keys',
    {
      config: { access: { kind: 'org', permission: 'api_keys:manage' } },
      schema: {
        tags,
        summary: 'API keys of the organization, newest first (prefixes only, never secrets)',
        params: OrgParamsSchema,
        response: { 200: z.object({ apiKeys: z.array(ApiKeySchema) }) },
      },
    },
    async (request) => ({ apiKeys: await request.inOrganization(listApiKeys) }),
  );

  app.post(
    '/api/v1/orgs/:orgId/api-keys',
    {
      config: { access: { kind: 'org', permission: 'api_keys:manage' } },
      schema: {
        tags,
        summary:
          'Create an API key with permissions you hold; the secret is in this response only (not with a key)',
        params: OrgParamsSchema,
        body: CreateApiKeySchema,
        response: { 201: CreatedApiKeySchema },
      },
    },
    async (request, reply) => {
      const created = await request.inOrganization((scope) => createApiKey(scope, request.body));
      return reply.status(201).header('cache-control', 'no-store').send(created);
    },
  );

  app.delete(
    '/api/v1/orgs/:orgId/api-keys/:keyId',
    {
      config: { access: { kind: 'org', permission: 'api_keys:manage' } },
      schema: {
        tags,
        summary: 'Revoke an API key at once (it stays listed as revoked)',
        params: ApiKeyParamsSchema,
        response: { 200: ApiKeySchema },
      },
    },
    (request) => request.inOrganization((scope) => revokeApiKey(scope, request.params.keyId)),
  );
}
