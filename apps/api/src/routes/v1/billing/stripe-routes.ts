import { AdminOrgParamsSchema } from '@switchboard/contracts/billing';
import {
  BillingOffersSchema,
  BillingPlanSchema,
  BillingPlansSchema,
  CreateBillingPlanSchema,
  CreateCreditPackSchema,
  CreditPackSchema,
  CreditPacksSchema,
  PackCheckoutSchema,
  PackParamsSchema,
  PlanCheckoutSchema,
  PlanParamsSchema,
  StripeRedirectSchema,
  UpdateBillingPlanSchema,
  UpdateCreditPackSchema,
} from '@switchboard/contracts/billing-stripe';
import { OrgParamsSchema } from '@switchboard/contracts/common';
import { listBillingPlans, listCreditPacks } from '@switchboard/core/billing/stripe/billing-plans';
import { createBillingPlan } from '@switchboard/core/billing/stripe/create-billing-plan';
import { createCreditPack } from '@switchboard/core/billing/stripe/create-credit-pack';
import { getBillingOffers } from '@switchboard/core/billing/stripe/get-billing-offers';
import { openBillingPortal } from '@switchboard/core/billing/stripe/open-billing-portal';
import { resyncOrganization } from '@switchboard/core/billing/stripe/resync-organization';
import { startPackCheckout } from '@switchboard/core/billing/stripe/start-pack-checkout';
import { startPlanCheckout } from '@switchboard/core/billing/stripe/start-plan-checkout';
import type { StripeBilling } from '@switchboard/core/billing/stripe/stripe-client';
import { updateBillingPlan } from '@switchboard/core/billing/stripe/update-billing-plan';
import { updateCreditPack } from '@switchboard/core/billing/stripe/update-credit-pack';
import type { SystemDatabase } from '@switchboard/db/database';
import { withSystem } from '@switchboard/db/tenant';
import type { FastifyZodInstance } from '../../../types.ts';

const tags = ['billing'];
const adminTags = ['platform admin'];

/**
 * Plans, credit packs and subscriptions. Plans and packs can be prepared before Stripe is configured;
 * Checkout, the portal and the re-sync exist only once it is (STRIPE_SECRET_KEY).
 */
export function stripeBillingRoutes(
  app: FastifyZodInstance,
  deps: { systemDb: SystemDatabase; stripe?: StripeBilling | undefined },
): void {
  app.get(
    '/api/v1/orgs/:orgId/billing/subscription',
    {
      config: { access: { kind: 'org', permission: 'billing:read' } },
      schema: {
        tags,
        summary: "The organization's subscription, and the plans and credit packs it can buy",
        params: OrgParamsSchema,
        response: { 200: BillingOffersSchema },
      },
    },
    (request) =>
      request.inOrganization(({ tx, membership }) => getBillingOffers(tx, membership.organizationId)),
  );

  app.get(
    '/api/v1/admin/billing/plans',
    {
      config: { access: { kind: 'platform-admin' } },
      schema: {
        tags: adminTags,
        summary: 'Every plan, withdrawn ones too',
        response: { 200: BillingPlansSchema },
      },
    },
    async () => ({
      plans: await withSystem(deps.systemDb, 'platform admin: list plans', (tx) =>
        listBillingPlans(tx, { activeOnly: false }),
      ),
    }),
  );

  app.post(
    '/api/v1/admin/billing/plans',
    {
      config: { access: { kind: 'platform-admin' } },
      schema: {
        tags: adminTags,
        summary: 'Offer a plan, mapped to a recurring monthly Stripe Price',
        body: CreateBillingPlanSchema,
        response: { 201: BillingPlanSchema },
      },
    },
    async (request, reply) => {
      const plan = await withSystem(deps.systemDb, 'platform admin: create plan', (tx) =>
        createBillingPlan(tx, request.body, request.actor!.userId),
      );
      return reply.status(201).send(plan);
    },
  );

  app.patch(
    '/api/v1/admin/billing/plans/:planId',
    {
      config: { access: { kind: 'platform-admin' } },
      schema: {
        tags: adminTags,
        summary: 'Change a plan, or withdraw it from new subscriptions (isActive false)',
        params: PlanParamsSchema,
        body: UpdateBillingPlanSchema,
        response: { 200: BillingPlanSchema },
      },
    },
    (request) =>
      withSystem(deps.systemDb, 'platform admin: update plan', (tx) =>
        updateBillingPlan(tx, request.params.planId, request.body, request.actor!.userId),
      ),
  );

  app.get(
    '/api/v1/admin/billing/packs',
    {
      config: { access: { kind: 'platform-admin' } },
      schema: {
        tags: adminTags,
        summary: 'Every credit pack, withdrawn ones too',
        response: { 200: CreditPacksSchema },
      },
    },
    async () => ({
      packs: await withSystem(deps.systemDb, 'platform admin: list credit packs', (tx) =>
        listCreditPacks(tx, { activeOnly: false }),
      ),
    }),
  );

  app.post(
    '/api/v1/admin/billing/packs',
    {
      config: { access: { kind: 'platform-admin' } },
      schema: {
        tags: adminTags,
        summary: 'Offer a credit pack, mapped to a one-time Stripe Price',
        body: CreateCreditPackSchema,
        response: { 201: CreditPackSchema },
      },
    },
    async (request, reply) => {
      const pack = await withSystem(deps.systemDb, 'platform admin: create credit pack', (tx) =>
        createCreditPack(tx, request.body, request.actor!.userId),
      );
      return reply.status(201).send(pack);
    },
  );

  app.patch(
    '/api/v1/admin/billing/packs/:packId',
    {
      config: { access: { kind: 'platform-admin' } },
      schema: {
        tags: adminTags,
        summary: 'Change a credit pack, or withdraw it (isActive false)',
        params: PackParamsSchema,
        body: UpdateCreditPackSchema,
        response: { 200: CreditPackSchema },
      },
    },
    (request) =>
      withSystem(deps.systemDb, 'platform admin: update credit pack', (tx) =>
        updateCreditPack(tx, request.params.packId, request.body, request.actor!.userId),
      ),
  );

  const { stripe } = deps;
  if (!stripe) return;

  app.post(
    '/api/v1/orgs/:orgId/billing/checkout/plan',
    {
      config: { access: { kind: 'org', permission: 'billing:manage' } },
      schema: {
        tags,
        summary: 'Open a Stripe Checkout to subscribe to a plan',
        params: OrgParamsSchema,
        body: PlanCheckoutSchema,
        response: { 200: StripeRedirectSchema },
      },
    },
    (request) => request.inOrganization((scope) => startPlanCheckout(scope, stripe, request.body)),
  );

  app.post(
    '/api/v1/orgs/:orgId/billing/checkout/pack',
    {
      config: { access: { kind: 'org', permission: 'billing:manage' } },
      schema: {
        tags,
        summary: 'Open a Stripe Checkout to buy a credit pack',
        params: OrgParamsSchema,
        body: PackCheckoutSchema,
        response: { 200: StripeRedirectSchema },
      },
    },
    (request) => request.inOrganization((scope) => startPackCheckout(scope, stripe, request.body)),
  );

  app.post(
    '/api/v1/orgs/:orgId/billing/portal',
    {
      config: { access: { kind: 'org', permission: 'billing:manage' } },
      schema: {
        tags,
        summary: 'Open the Stripe Customer Portal: payment methods, invoices, plan changes, cancellation',
        params: OrgParamsSchema,
        response: { 200: StripeRedirectSchema },
      },
    },
    (request) => request.inOrganization((scope) => openBillingPortal(scope, stripe)),
  );

  app.post(
    '/api/v1/admin/organizations/:orgId/billing/sync',
    {
      config: { access: { kind: 'platform-admin' } },
      schema: {
        tags: adminTags,
        summary: "Re-read an organization's subscription and latest invoice from Stripe",
        params: AdminOrgParamsSchema,
        response: { 200: BillingOffersSchema },
      },
    },
    (request) =>
      withSystem(deps.systemDb, 'platform admin: re-sync billing from Stripe', (tx) =>
        resyncOrganization(tx, stripe, request.params.orgId),
      ),
  );
}
