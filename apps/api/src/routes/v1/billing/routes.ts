import {
  AdminOrgParamsSchema,
  BillingSettingsSchema,
  BillingSummarySchema,
  BillingUsageSchema,
  CallPricesSchema,
  GrantCreditsSchema,
  GrantResultSchema,
  LedgerPageSchema,
  ListLedgerQuerySchema,
  SetCallPricesSchema,
  UpdateBillingSettingsSchema,
  UsageQuerySchema,
} from '@switchboard/contracts/billing';
import { OrgParamsSchema } from '@switchboard/contracts/common';
import type { PublicConfig } from '@switchboard/contracts/config';
import type { BillingInstallation } from '@switchboard/core/billing/call-admission-problems';
import { getBillingSummary } from '@switchboard/core/billing/get-billing-summary';
import { getBillingUsage } from '@switchboard/core/billing/get-billing-usage';
import { grantCredits } from '@switchboard/core/billing/grant-credits';
import { listCallPrices } from '@switchboard/core/billing/list-call-prices';
import { listLedgerEntries } from '@switchboard/core/billing/list-ledger-entries';
import { setCallPrices } from '@switchboard/core/billing/set-call-prices';
import { updateBillingSettings } from '@switchboard/core/billing/update-billing-settings';
import type { SystemDatabase } from '@switchboard/db/database';
import { withSystem } from '@switchboard/db/tenant';
import type { FastifyZodInstance } from '../../../types.ts';

const tags = ['billing'];
const adminTags = ['platform admin'];

export function billingRoutes(
  app: FastifyZodInstance,
  deps: { systemDb: SystemDatabase; publicConfig: PublicConfig },
): void {
  const installation: BillingInstallation = {
    metering: deps.publicConfig.billingMetering,
    mode: deps.publicConfig.billingMode,
  };

  app.get(
    '/api/v1/orgs/:orgId/billing',
    {
      // Every member sees the balance; the summary adds the rest for billing:read (core decides).
      config: { access: { kind: 'org', permission: null } },
      schema: {
        tags,
        summary: "The organization's credit balance, and for billing readers its spending, mode and caps",
        params: OrgParamsSchema,
        response: { 200: BillingSummarySchema },
      },
    },
    (request) => request.inOrganization((scope) => getBillingSummary(scope, installation)),
  );

  app.get(
    '/api/v1/orgs/:orgId/billing/ledger',
    {
      config: { access: { kind: 'org', permission: 'billing:read' } },
      schema: {
        tags,
        summary: "The organization's credit ledger, newest first",
        params: OrgParamsSchema,
        querystring: ListLedgerQuerySchema,
        response: { 200: LedgerPageSchema },
      },
    },
    (request) =>
      request.inOrganization(({ tx, membership }) =>
        listLedgerEntries(tx, membership.organizationId, request.query),
      ),
  );

  app.get(
    '/api/v1/orgs/:orgId/billing/usage',
    {
      config: { access: { kind: 'org', permission: 'billing:read' } },
      schema: {
        tags,
        summary: 'Credits spent on calls per day (in the organization time zone) and per agent',
        params: OrgParamsSchema,
        querystring: UsageQuerySchema,
        response: { 200: BillingUsageSchema },
      },
    },
    (request) =>
      request.inOrganization(({ tx, membership }) =>
        getBillingUsage(tx, membership.organizationId, request.query),
      ),
  );

  app.patch(
    '/api/v1/orgs/:orgId/billing/settings',
    {
      config: { access: { kind: 'org', permission: 'billing:manage' } },
      schema: {
        tags,
        summary:
          'Set the daily spend cap, per-call cost cap, concurrent-call limit, low-balance threshold and auto-recharge',
        params: OrgParamsSchema,
        body: UpdateBillingSettingsSchema,
        response: { 200: BillingSettingsSchema },
      },
    },
    (request) =>
      request.inOrganization((scope) =>
        updateBillingSettings(scope, request.body, { mode: deps.publicConfig.billingMode }),
      ),
  );

  app.get(
    '/api/v1/admin/billing/prices',
    {
      config: { access: { kind: 'platform-admin' } },
      schema: {
        tags: adminTags,
        summary: 'What a call minute costs in credits, per channel and model kind',
        response: { 200: CallPricesSchema },
      },
    },
    async () => ({
      prices: await withSystem(deps.systemDb, 'platform admin: list call prices', listCallPrices),
    }),
  );

  app.put(
    '/api/v1/admin/billing/prices',
    {
      config: { access: { kind: 'platform-admin' } },
      schema: {
        tags: adminTags,
        summary: 'Set what a call minute costs in credits; pairs not listed keep their price',
        body: SetCallPricesSchema,
        response: { 200: CallPricesSchema },
      },
    },
    async (request) => ({
      prices: await withSystem(deps.systemDb, 'platform admin: set call prices', (tx) =>
        setCallPrices(tx, request.body, request.actor!.userId),
      ),
    }),
  );

  app.post(
    '/api/v1/admin/organizations/:orgId/credits',
    {
      config: { access: { kind: 'platform-admin' } },
      schema: {
        tags: adminTags,
        summary: 'Grant credits to an organization by hand, with a reason (idempotent by key)',
        params: AdminOrgParamsSchema,
        body: GrantCreditsSchema,
        response: { 200: GrantResultSchema },
      },
    },
    (request) =>
      withSystem(deps.systemDb, 'platform admin: grant credits', (tx) =>
        grantCredits(tx, request.params.orgId, request.body, request.actor!.userId),
      ),
  );

  app.get(
    '/api/v1/admin/organizations/:orgId/ledger',
    {
      config: { access: { kind: 'platform-admin' } },
      schema: {
        tags: adminTags,
        summary: "An organization's credit ledger, newest first",
        params: AdminOrgParamsSchema,
        querystring: ListLedgerQuerySchema,
        response: { 200: LedgerPageSchema },
      },
    },
    (request) =>
      withSystem(deps.systemDb, 'platform admin: read ledger', (tx) =>
        listLedgerEntries(tx, request.params.orgId, request.query),
      ),
  );
}
