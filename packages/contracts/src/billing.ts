import { z } from 'zod';
import { TimestampSchema, UuidSchema } from './common.ts';

/**
 * The billing settings both the API and the worker tier read from the environment (one piece, spread into
 * each process's env schema). `off` is for a single-company install: nothing is debited, nothing refused.
 */
export const BillingMeteringEnvSchema = z.object({
  BILLING_METERING: z.enum(['on', 'off']).default('on'),
});

/** Ledger entry kinds; positive amounts add credits, negative ones spend them. */
export const LEDGER_KINDS = [
  'trial',
  'manual_grant',
  'plan_grant',
  'purchase',
  'usage',
  'refund',
  'adjustment',
  'expiry',
] as const;
export const LedgerKindSchema = z.enum(LEDGER_KINDS);
export type LedgerKind = z.infer<typeof LedgerKindSchema>;

export const CALL_PRICE_CHANNELS = ['web', 'phone', 'chat'] as const;
export const MODEL_KINDS = ['realtime', 'pipeline'] as const;

/** Credits as shown to people: the database keeps integer millicredits, this is that divided by 1000. */
const CreditsSchema = z.number().multipleOf(0.001);

export const BillingModeSchema = z.enum(['manual', 'stripe']);
export type BillingMode = z.infer<typeof BillingModeSchema>;

/** Spend guardrails of one organization; null means no cap. */
export const BillingSettingsSchema = z
  .object({
    dailySpendCapCredits: CreditsSchema.min(0).nullable(),
    callCostCapCredits: CreditsSchema.positive().nullable(),
    concurrentCallLimit: z.number().int().positive().nullable(),
    lowBalanceThresholdCredits: CreditsSchema.min(0).nullable(),
    /** Buy `packId` off-session through Stripe when a debit takes the balance below the threshold; null: off. */
    autoRecharge: z.object({ packId: z.uuid(), thresholdCredits: CreditsSchema.min(0) }).nullable(),
  })
  .meta({ id: 'BillingSettings' });
export type BillingSettings = z.infer<typeof BillingSettingsSchema>;

export const UpdateBillingSettingsSchema = z
  .strictObject({
    dailySpendCapCredits: CreditsSchema.min(0).max(1e9).nullable().optional(),
    callCostCapCredits: CreditsSchema.positive().max(1e9).nullable().optional(),
    concurrentCallLimit: z.number().int().positive().max(100_000).nullable().optional(),
    lowBalanceThresholdCredits: CreditsSchema.min(0).max(1e9).nullable().optional(),
    /** Stripe mode only; null turns auto-recharge off. */
    autoRecharge: z
      .strictObject({ packId: z.uuid(), thresholdCredits: CreditsSchema.min(0).max(1e9) })
      .nullable()
      .optional(),
  })
  .meta({ id: 'UpdateBillingSettings' });
export type UpdateBillingSettings = z.infer<typeof UpdateBillingSettingsSchema>;

/**
 * An organization's billing at a glance. Everyone in the organization sees the balance; `details` is there
 * only for those holding billing:read.
 */
export const BillingSummarySchema = z
  .object({
    balanceCredits: z.number(),
    metering: z.boolean(),
    details: z
      .object({
        mode: BillingModeSchema,
        spentTodayCredits: z.number(),
        openCalls: z.number().int(),
        settings: BillingSettingsSchema,
      })
      .nullable(),
  })
  .meta({ id: 'BillingSummary' });
export type BillingSummary = z.infer<typeof BillingSummarySchema>;

export const LedgerEntrySchema = z
  .object({
    id: UuidSchema,
    kind: LedgerKindSchema,
    amountCredits: z.number(),
    callId: UuidSchema.nullable(),
    reason: z.string().nullable(),
    createdBy: UuidSchema.nullable(),
    createdAt: TimestampSchema,
  })
  .meta({ id: 'LedgerEntry' });
export type LedgerEntry = z.infer<typeof LedgerEntrySchema>;

/** Newest first; pass the last page's `nextCursor` (an entry id) as `before` for the next page. */
export const ListLedgerQuerySchema = z.strictObject({
  before: UuidSchema.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ListLedgerQuery = z.infer<typeof ListLedgerQuerySchema>;

export const LedgerPageSchema = z
  .object({ entries: z.array(LedgerEntrySchema), nextCursor: z.string().nullable() })
  .meta({ id: 'LedgerPage' });
export type LedgerPage = z.infer<typeof LedgerPageSchema>;

export const CallPriceSchema = z
  .object({
    channel: z.enum(CALL_PRICE_CHANNELS),
    modelKind: z.enum(MODEL_KINDS),
    creditsPerMinute: CreditsSchema.min(0).max(1e6),
  })
  .meta({ id: 'CallPrice' });
export type CallPrice = z.infer<typeof CallPriceSchema>;

export const CallPricesSchema = z.object({ prices: z.array(CallPriceSchema) }).meta({ id: 'CallPrices' });
export type CallPrices = z.infer<typeof CallPricesSchema>;

/** Prices to change; channel × model pairs not listed keep their price. */
export const SetCallPricesSchema = z
  .strictObject({ prices: z.array(CallPriceSchema).min(1).max(6) })
  .meta({ id: 'SetCallPrices' });
export type SetCallPrices = z.infer<typeof SetCallPricesSchema>;

export const GrantCreditsSchema = z
  .strictObject({
    credits: CreditsSchema.positive().max(1e9),
    reason: z.string().trim().min(1).max(1000),
    /** Makes a retried request grant once; a new key is generated when absent. */
    idempotencyKey: z.string().trim().min(1).max(200).optional(),
  })
  .meta({ id: 'GrantCredits' });
export type GrantCredits = z.infer<typeof GrantCreditsSchema>;

export const AdminOrgParamsSchema = z.object({ orgId: UuidSchema });

export const GrantResultSchema = z
  .object({ granted: z.boolean(), balanceCredits: z.number() })
  .meta({ id: 'GrantResult' });
export type GrantResult = z.infer<typeof GrantResultSchema>;

export const UsageQuerySchema = z.strictObject({
  days: z.coerce.number().int().min(1).max(366).default(30),
});
export type UsageQuery = z.infer<typeof UsageQuerySchema>;

/**
 * Credits spent on calls over the last `days` days (today included), per day in the organization's time zone
 * (every day listed, oldest first, 0 when nothing was spent) and per agent (most spent first).
 */
export const BillingUsageSchema = z
  .object({
    timeZone: z.string(),
    days: z.array(z.object({ date: z.iso.date(), spentCredits: z.number() })),
    agents: z.array(
      z.object({
        agentId: UuidSchema,
        agentName: z.string(),
        calls: z.number().int(),
        spentCredits: z.number(),
      }),
    ),
    totalCredits: z.number(),
  })
  .meta({ id: 'BillingUsage' });
export type BillingUsage = z.infer<typeof BillingUsageSchema>;
