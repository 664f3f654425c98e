import { z } from 'zod';
import { TimestampSchema, UuidSchema } from './common.ts';

/** Credits as shown to people (the database keeps millicredits). */
const CreditsSchema = z.number().multipleOf(0.001);
const StripePriceIdSchema = z
  .string()
  .trim()
  .regex(/^price_[A-Za-z0-9_]{1,250}$/, 'A Stripe Price id (price_…)');
const CurrencySchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z]{3}$/, 'A three-letter currency code');

/** A subscription plan a platform admin offers, mapped to a recurring monthly Stripe Price. */
export const BillingPlanSchema = z
  .object({
    id: UuidSchema,
    name: z.string(),
    /** What the Stripe Price charges per month, in the currency's smallest unit (cents), for display. */
    monthlyPriceCents: z.number().int(),
    currency: z.string(),
    creditsPerPeriod: z.number(),
    concurrentCalls: z.number().int(),
    stripePriceId: z.string(),
    isActive: z.boolean(),
  })
  .meta({ id: 'BillingPlan' });
export type BillingPlan = z.infer<typeof BillingPlanSchema>;

export const CreateBillingPlanSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(100),
    monthlyPriceCents: z.number().int().min(0).max(100_000_000),
    currency: CurrencySchema.default('usd'),
    creditsPerPeriod: CreditsSchema.min(0).max(1e9),
    concurrentCalls: z.number().int().positive().max(100_000),
    stripePriceId: StripePriceIdSchema,
    isActive: z.boolean().default(true),
  })
  .meta({ id: 'CreateBillingPlan' });
export type CreateBillingPlan = z.infer<typeof CreateBillingPlanSchema>;

export const UpdateBillingPlanSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(100).optional(),
    monthlyPriceCents: z.number().int().min(0).max(100_000_000).optional(),
    currency: CurrencySchema.optional(),
    creditsPerPeriod: CreditsSchema.min(0).max(1e9).optional(),
    concurrentCalls: z.number().int().positive().max(100_000).optional(),
    stripePriceId: StripePriceIdSchema.optional(),
    /** false withdraws the plan from new subscriptions; existing subscribers keep it. */
    isActive: z.boolean().optional(),
  })
  .meta({ id: 'UpdateBillingPlan' });
export type UpdateBillingPlan = z.infer<typeof UpdateBillingPlanSchema>;

/** A one-time purchase of credits, mapped to a one-time Stripe Price. */
export const CreditPackSchema = z
  .object({
    id: UuidSchema,
    name: z.string(),
    credits: z.number(),
    priceCents: z.number().int(),
    currency: z.string(),
    stripePriceId: z.string(),
    isActive: z.boolean(),
  })
  .meta({ id: 'CreditPack' });
export type CreditPack = z.infer<typeof CreditPackSchema>;

export const CreateCreditPackSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(100),
    credits: CreditsSchema.positive().max(1e9),
    priceCents: z.number().int().min(0).max(100_000_000),
    currency: CurrencySchema.default('usd'),
    stripePriceId: StripePriceIdSchema,
    isActive: z.boolean().default(true),
  })
  .meta({ id: 'CreateCreditPack' });
export type CreateCreditPack = z.infer<typeof CreateCreditPackSchema>;

export const UpdateCreditPackSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(100).optional(),
    credits: CreditsSchema.positive().max(1e9).optional(),
    priceCents: z.number().int().min(0).max(100_000_000).optional(),
    currency: CurrencySchema.optional(),
    stripePriceId: StripePriceIdSchema.optional(),
    isActive: z.boolean().optional(),
  })
  .meta({ id: 'UpdateCreditPack' });
export type UpdateCreditPack = z.infer<typeof UpdateCreditPackSchema>;

export const BillingPlansSchema = z
  .object({ plans: z.array(BillingPlanSchema) })
  .meta({ id: 'BillingPlans' });
export const CreditPacksSchema = z.object({ packs: z.array(CreditPackSchema) }).meta({ id: 'CreditPacks' });

export const PlanParamsSchema = z.object({ planId: UuidSchema });
export const PackParamsSchema = z.object({ packId: UuidSchema });

export const SUBSCRIPTION_STATUSES = ['active', 'past_due', 'canceled'] as const;
export const SubscriptionStatusSchema = z.enum(SUBSCRIPTION_STATUSES);
export type SubscriptionStatus = z.infer<typeof SubscriptionStatusSchema>;

/** An organization's subscription as Stripe last told us; null fields until there is one. */
export const SubscriptionSchema = z
  .object({
    planId: UuidSchema.nullable(),
    planName: z.string().nullable(),
    status: SubscriptionStatusSchema.nullable(),
    currentPeriodStart: TimestampSchema.nullable(),
    currentPeriodEnd: TimestampSchema.nullable(),
    /** Canceled in the portal: runs to the period's end, then stops renewing. */
    cancelAtPeriodEnd: z.boolean(),
  })
  .meta({ id: 'Subscription' });
export type Subscription = z.infer<typeof SubscriptionSchema>;

/** What the Billing page offers: the organization's subscription and the active plans and packs. */
export const BillingOffersSchema = z
  .object({
    subscription: SubscriptionSchema.nullable(),
    plans: z.array(BillingPlanSchema),
    packs: z.array(CreditPackSchema),
  })
  .meta({ id: 'BillingOffers' });
export type BillingOffers = z.infer<typeof BillingOffersSchema>;

export const PlanCheckoutSchema = z.strictObject({ planId: UuidSchema }).meta({ id: 'PlanCheckout' });
export type PlanCheckout = z.infer<typeof PlanCheckoutSchema>;
export const PackCheckoutSchema = z.strictObject({ packId: UuidSchema }).meta({ id: 'PackCheckout' });
export type PackCheckout = z.infer<typeof PackCheckoutSchema>;

/** A Stripe-hosted page (Checkout or the Customer Portal) to send the browser to. */
export const StripeRedirectSchema = z.object({ url: z.url() }).meta({ id: 'StripeRedirect' });
export type StripeRedirect = z.infer<typeof StripeRedirectSchema>;

/** What became of a Stripe event; any 2xx stops Stripe retrying. */
export const StripeWebhookResultSchema = z.object({
  result: z.enum(['applied', 'duplicate', 'ignored']),
});
export type StripeWebhookResult = z.infer<typeof StripeWebhookResultSchema>;
