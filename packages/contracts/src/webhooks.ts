import { z } from 'zod';
import { TimestampSchema, UuidSchema } from './common.ts';
import { WEBHOOK_EVENT_TYPES } from './constants.ts';

export { WEBHOOK_EVENT_TYPES };

export const WebhookEventTypeSchema = z.enum(WEBHOOK_EVENT_TYPES);
export type WebhookEventType = z.infer<typeof WebhookEventTypeSchema>;

/** http(s) only; whether the host may be reached is the egress guard's decision, at delivery time. */
const WebhookUrlSchema = z
  .url({ protocol: /^https?$/, message: 'Enter an http:// or https:// URL' })
  .max(2000);

export const WebhookEndpointSchema = z
  .object({
    id: UuidSchema,
    url: z.string(),
    description: z.string(),
    eventTypes: z.array(WebhookEventTypeSchema),
    enabled: z.boolean(),
    /** Deliveries in a row whose every attempt failed. */
    consecutiveFailures: z.number().int(),
    disabledAt: TimestampSchema.nullable(),
    disabledReason: z.string().nullable(),
    createdAt: TimestampSchema,
  })
  .meta({ id: 'WebhookEndpoint' });
export type WebhookEndpoint = z.infer<typeof WebhookEndpointSchema>;

export const CreateWebhookEndpointSchema = z.strictObject({
  url: WebhookUrlSchema,
  description: z.string().trim().max(200).default(''),
  eventTypes: z.array(WebhookEventTypeSchema).min(1, 'Choose at least one event').max(20),
});
export type CreateWebhookEndpoint = z.input<typeof CreateWebhookEndpointSchema>;

/** `enabled: true` switches an endpoint back on (and forgets its failures). */
export const UpdateWebhookEndpointSchema = z.strictObject({
  url: WebhookUrlSchema.optional(),
  description: z.string().trim().max(200).optional(),
  eventTypes: z.array(WebhookEventTypeSchema).min(1, 'Choose at least one event').max(20).optional(),
  enabled: z.boolean().optional(),
});
export type UpdateWebhookEndpoint = z.input<typeof UpdateWebhookEndpointSchema>;

/** The only responses that carry the signing secret: on creation and on rotation, shown once. */
export const WebhookEndpointWithSecretSchema = z
  .object({ endpoint: WebhookEndpointSchema, secret: z.string() })
  .meta({ id: 'WebhookEndpointWithSecret' });
export type WebhookEndpointWithSecret = z.infer<typeof WebhookEndpointWithSecretSchema>;

export const WebhookAttemptSchema = z
  .object({
    attempt: z.number().int(),
    isManual: z.boolean(),
    startedAt: TimestampSchema,
    responseStatus: z.number().int().nullable(),
    responseTimeMs: z.number().int().nullable(),
    error: z.string().nullable(),
    responseBody: z.string().nullable(),
  })
  .meta({ id: 'WebhookAttempt' });
export type WebhookAttempt = z.infer<typeof WebhookAttemptSchema>;

export const WebhookDeliverySchema = z
  .object({
    /** Also the `webhook-id` header, the same on every attempt. */
    id: UuidSchema,
    endpointId: UuidSchema,
    eventType: z.string(),
    status: z.enum(['pending', 'succeeded', 'failed']),
    attemptCount: z.number().int(),
    nextAttemptAt: TimestampSchema.nullable(),
    createdAt: TimestampSchema,
    attempts: z.array(WebhookAttemptSchema),
  })
  .meta({ id: 'WebhookDelivery' });
export type WebhookDelivery = z.infer<typeof WebhookDeliverySchema>;

export const WebhookDeliveryListSchema = z
  .object({ deliveries: z.array(WebhookDeliverySchema) })
  .meta({ id: 'WebhookDeliveryList' });

export const WebhookEndpointParamsSchema = z.object({ orgId: UuidSchema, endpointId: UuidSchema });
export const WebhookDeliveryParamsSchema = z.object({
  orgId: UuidSchema,
  endpointId: UuidSchema,
  deliveryId: UuidSchema,
});
