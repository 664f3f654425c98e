import { z } from 'zod';
import { CallMetadataSchema } from './calls.ts';
import { TimestampSchema, UuidSchema } from './common.ts';

/** A phone number in E.164 form: `+`, country code, subscriber number, 8 to 15 digits in all. */
export const E164Schema = z
  .string()
  .trim()
  .regex(/^\+[1-9]\d{7,14}$/, 'must be an E.164 number such as +14155550123');

/** Dynamic variables for one call (`{{name}}` in the prompt and greeting): flat string values. */
export const CallVariablesSchema = z
  .record(
    z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'variable names are letters, digits and _'),
    z.string().max(2000),
  )
  .refine((vars) => Object.keys(vars).length <= 50, 'at most 50 variables');

/** The outbound leg the worker dials from inside the agent job (createSipParticipant). */
export const OutboundPhoneLegSchema = z.strictObject({
  direction: z.literal('outbound'),
  toNumber: E164Schema,
  fromNumber: E164Schema,
  sipOutboundTrunkId: z.string().min(1),
});

/**
 * Outbound: the API created the call row (phone_status 'queued') and dispatches the agent into the
 * call's room with the web-call metadata plus the leg to dial.
 */
export const OutboundPhoneCallMetadataSchema = CallMetadataSchema.extend({
  phone: OutboundPhoneLegSchema,
});
export type OutboundPhoneCallMetadata = z.infer<typeof OutboundPhoneCallMetadataSchema>;

/**
 * Inbound: the LiveKit dispatch rule of the number dispatches the agent with this; no call row exists
 * yet, the worker creates it from this and the SIP participant's attributes.
 */
export const InboundPhoneDispatchMetadataSchema = z.strictObject({
  kind: z.literal('phone_inbound'),
  organizationId: UuidSchema,
  phoneNumberId: UuidSchema,
});
export type InboundPhoneDispatchMetadata = z.infer<typeof InboundPhoneDispatchMetadataSchema>;

/** Every phone dispatch the worker may receive; parse the job metadata with this. */
export const PhoneDispatchMetadataSchema = z.union([
  OutboundPhoneCallMetadataSchema,
  InboundPhoneDispatchMetadataSchema,
]);
export type PhoneDispatchMetadata = z.infer<typeof PhoneDispatchMetadataSchema>;

/** Room-name prefix of the inbound dispatch rules (one room per inbound call). */
export const INBOUND_ROOM_PREFIX = 'call-in-';

export const PhoneStatusSchema = z.enum([
  'queued',
  'dialing',
  'ringing',
  'answered',
  'no_answer',
  'busy',
  'failed',
  'canceled',
  'completed',
]);
export type PhoneStatus = z.infer<typeof PhoneStatusSchema>;

// ---- Control plane (API and dashboard) ----

export const TwilioConnectionInputSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('auth_token'),
    accountSid: z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'must be an Account SID (AC + 32 hex)'),
    authToken: z.string().min(16).max(128),
  }),
  z.strictObject({
    kind: z.literal('api_key'),
    accountSid: z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'must be an Account SID (AC + 32 hex)'),
    apiKeySid: z.string().regex(/^SK[0-9a-fA-F]{32}$/, 'must be an API key SID (SK + 32 hex)'),
    apiKeySecret: z.string().min(16).max(128),
  }),
  /** Use the installation's Twilio account (TWILIO_* in the worker tier's environment). */
  z.strictObject({ kind: z.literal('installation') }),
]);
export type TwilioConnectionInput = z.infer<typeof TwilioConnectionInputSchema>;

export const PhoneSettingsSchema = z
  .object({
    /** Whether the operator configured LiveKit SIP (and so phone calls can work at all). */
    configured: z.boolean(),
    /** Environment variables the operator must set; shown to admins only. */
    missing: z.array(z.string()),
    installationAccountAvailable: z.boolean(),
    connection: z
      .object({
        kind: z.enum(['auth_token', 'api_key', 'installation']),
        /** Account SID is an identifier, not a secret; the token/secret never leaves the sealed box. */
        accountSid: z.string().nullable(),
        sipTrunkSid: z.string().nullable(),
        status: z.enum(['pending', 'ready', 'error']),
        lastError: z.string().nullable(),
        updatedAt: TimestampSchema,
      })
      .nullable(),
  })
  .meta({ id: 'PhoneSettings' });
export type PhoneSettings = z.infer<typeof PhoneSettingsSchema>;

export const PhoneNumberSchema = z
  .object({
    id: UuidSchema,
    e164: E164Schema,
    friendlyName: z.string().nullable(),
    /** Null until a bought number is purchased. */
    twilioSid: z.string().nullable(),
    agent: z.object({ id: UuidSchema, name: z.string() }).nullable(),
    /** 'pending' while the worker tier configures Twilio and LiveKit; 'error' names why in lastError. */
    status: z.enum(['pending', 'ready', 'error', 'releasing']),
    lastError: z.string().nullable(),
    createdAt: TimestampSchema,
  })
  .meta({ id: 'PhoneNumber' });
export type PhoneNumber = z.infer<typeof PhoneNumberSchema>;

export const PhoneNumberParamsSchema = z.object({ orgId: UuidSchema, phoneNumberId: UuidSchema });

export const SearchNumbersQuerySchema = z.strictObject({
  country: z
    .string()
    .regex(/^[A-Z]{2}$/, 'must be an ISO country code such as US')
    .default('US'),
  areaCode: z
    .string()
    .regex(/^\d{2,5}$/, 'must be digits')
    .optional(),
  type: z.enum(['local', 'toll_free', 'mobile']).default('local'),
});

export const AvailableNumberSchema = z
  .object({
    e164: z.string(),
    friendlyName: z.string(),
    locality: z.string().nullable(),
    region: z.string().nullable(),
    country: z.string(),
  })
  .meta({ id: 'AvailableNumber' });
export type AvailableNumber = z.infer<typeof AvailableNumberSchema>;

/** A number already in the Twilio account, not yet managed by Switchboard. */
export const AccountNumberSchema = z
  .object({
    twilioSid: z.string(),
    e164: z.string(),
    friendlyName: z.string().nullable(),
    imported: z.boolean(),
  })
  .meta({ id: 'AccountNumber' });
export type AccountNumber = z.infer<typeof AccountNumberSchema>;

/** A question to Twilio the worker tier answers; the dashboard polls it until it is no longer pending. */
export const PhoneLookupSchema = z
  .object({
    id: UuidSchema,
    kind: z.enum(['search_numbers', 'list_account_numbers']),
    status: z.enum(['pending', 'succeeded', 'failed']),
    available: z.array(AvailableNumberSchema).nullable(),
    accountNumbers: z.array(AccountNumberSchema).nullable(),
    error: z.string().nullable(),
  })
  .meta({ id: 'PhoneLookup' });
export type PhoneLookup = z.infer<typeof PhoneLookupSchema>;
export const PhoneLookupParamsSchema = z.object({ orgId: UuidSchema, lookupId: UuidSchema });

export const BuyNumberInputSchema = z.strictObject({
  e164: E164Schema,
  agentId: UuidSchema.nullable().default(null),
});
export const ImportNumberInputSchema = z.strictObject({
  e164: E164Schema,
  twilioSid: z.string().regex(/^PN[0-9a-fA-F]{32}$/, 'must be an IncomingPhoneNumber SID (PN + 32 hex)'),
  agentId: UuidSchema.nullable().default(null),
});
export const AssignNumberInputSchema = z.strictObject({ agentId: UuidSchema.nullable() });

export const OutboundCallInputSchema = z.strictObject({
  agentId: UuidSchema,
  toNumber: E164Schema,
  fromNumberId: UuidSchema.optional(),
  variables: CallVariablesSchema.default({}),
});
export type OutboundCallInput = z.infer<typeof OutboundCallInputSchema>;
