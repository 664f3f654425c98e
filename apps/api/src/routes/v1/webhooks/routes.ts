import { OrgParamsSchema } from '@switchboard/contracts/common';
import {
  CreateWebhookEndpointSchema,
  UpdateWebhookEndpointSchema,
  WebhookDeliveryListSchema,
  WebhookDeliveryParamsSchema,
  WebhookDeliverySchema,
  WebhookEndpointParamsSchema,
  WebhookEndpointSchema,
  WebhookEndpointWithSecretSchema,
} from '@switchboard/contracts/webhooks';
import type { SecretSealer } from '@switchboard/core/secrets/secret-box';
import { createWebhookEndpoint } from '@switchboard/core/webhooks/create-webhook-endpoint';
import { deleteWebhookEndpoint } from '@switchboard/core/webhooks/delete-webhook-endpoint';
import { listWebhookDeliveries } from '@switchboard/core/webhooks/list-webhook-deliveries';
import { listWebhookEndpoints } from '@switchboard/core/webhooks/list-webhook-endpoints';
import { redeliverWebhook } from '@switchboard/core/webhooks/redeliver-webhook';
import { rotateWebhookSecret } from '@switchboard/core/webhooks/rotate-webhook-secret';
import { updateWebhookEndpoint } from '@switchboard/core/webhooks/update-webhook-endpoint';
import type { EgressGuard } from '@switchboard/tools/egress/egress-guard';
import { z } from 'zod';
import type { FastifyZodInstance } from '../../../types.ts';

const tags = ['webhooks'];
const access = { kind: 'org', permission: 'webhooks:manage' } as const;

/** Outgoing webhooks (docs/webhooks.md). The API seals signing secrets; only the job runner opens them. */
export function webhookRoutes(
  app: FastifyZodInstance,
  deps: { secretSealer: SecretSealer; egress: Pick<EgressGuard, 'check'> },
): void {
  app.get(
    '/api/v1/orgs/:orgId/webhooks',
    {
      config: { access },
      schema: {
        tags,
        summary: 'Webhook endpoints of the organization (never their secrets)',
        params: OrgParamsSchema,
        response: { 200: z.object({ endpoints: z.array(WebhookEndpointSchema) }) },
      },
    },
    async (request) => ({ endpoints: await request.inOrganization(listWebhookEndpoints) }),
  );

  app.post(
    '/api/v1/orgs/:orgId/webhooks',
    {
      config: { access },
      schema: {
        tags,
        summary: 'Add a webhook endpoint; its signing secret is in this response only',
        params: OrgParamsSchema,
        body: CreateWebhookEndpointSchema,
        response: { 201: WebhookEndpointWithSecretSchema },
      },
    },
    async (request, reply) => {
      const created = await request.inOrganization((scope) =>
        createWebhookEndpoint(scope, request.body, deps),
      );
      return reply.status(201).header('cache-control', 'no-store').send(created);
    },
  );

  app.patch(
    '/api/v1/orgs/:orgId/webhooks/:endpointId',
    {
      config: { access },
      schema: {
        tags,
        summary: 'Change a webhook endpoint; `enabled: true` switches it on again',
        params: WebhookEndpointParamsSchema,
        body: UpdateWebhookEndpointSchema,
        response: { 200: WebhookEndpointSchema },
      },
    },
    (request) =>
      request.inOrganization((scope) =>
        updateWebhookEndpoint(scope, request.params.endpointId, request.body, deps),
      ),
  );

  app.delete(
    '/api/v1/orgs/:orgId/webhooks/:endpointId',
    {
      config: { access },
      schema: {
        tags,
        summary: 'Remove a webhook endpoint with its delivery log',
        params: WebhookEndpointParamsSchema,
        response: { 204: z.undefined() },
      },
    },
    async (request, reply) => {
      await request.inOrganization((scope) => deleteWebhookEndpoint(scope, request.params.endpointId));
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/v1/orgs/:orgId/webhooks/:endpointId/rotate-secret',
    {
      config: { access },
      schema: {
        tags,
        summary: 'Replace the signing secret; the new one is in this response only',
        params: WebhookEndpointParamsSchema,
        response: { 200: WebhookEndpointWithSecretSchema },
      },
    },
    async (request, reply) => {
      const rotated = await request.inOrganization((scope) =>
        rotateWebhookSecret(scope, request.params.endpointId, deps),
      );
      return reply.header('cache-control', 'no-store').send(rotated);
    },
  );

  app.get(
    '/api/v1/orgs/:orgId/webhooks/:endpointId/deliveries',
    {
      config: { access },
      schema: {
        tags,
        summary: 'The latest 50 deliveries of an endpoint with every attempt',
        params: WebhookEndpointParamsSchema,
        response: { 200: WebhookDeliveryListSchema },
      },
    },
    async (request) => ({
      deliveries: await request.inOrganization((scope) =>
        listWebhookDeliveries(scope, request.params.endpointId),
      ),
    }),
  );

  app.post(
    '/api/v1/orgs/:orgId/webhooks/:endpointId/deliveries/:deliveryId/redeliver',
    {
      config: { access },
      schema: {
        tags,
        summary: 'Send a finished delivery again (same webhook-id), outside the retry schedule',
        params: WebhookDeliveryParamsSchema,
        response: { 202: WebhookDeliverySchema },
      },
    },
    async (request, reply) => {
      const delivery = await request.inOrganization((scope) =>
        redeliverWebhook(scope, request.params.endpointId, request.params.deliveryId),
      );
      return reply.status(202).send(delivery);
    },
  );
}
