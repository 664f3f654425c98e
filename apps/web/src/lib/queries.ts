'use client';

import type { LedgerPage } from '@switchboard/contracts/billing';
import type { paths } from '@switchboard/contracts/generated/openapi';
import type { ShellOrganization } from '@switchboard/contracts/me';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { ApiError, client } from './api';

/** Query keys in one place, so a mutation invalidates exactly what it changed. */
export const keys = {
  config: ['config'] as const,
  me: ['me'] as const,
  roles: ['roles'] as const,
  organization: (orgId: string) => ['orgs', orgId] as const,
  members: (orgId: string) => ['orgs', orgId, 'members'] as const,
  invitations: (orgId: string) => ['orgs', orgId, 'invitations'] as const,
  apiKeys: (orgId: string) => ['orgs', orgId, 'api-keys'] as const,
  webhooks: (orgId: string) => ['orgs', orgId, 'webhooks'] as const,
  webhookDeliveries: (orgId: string, endpointId: string) =>
    ['orgs', orgId, 'webhooks', endpointId, 'deliveries'] as const,
  invitation: (token: string) => ['invitation', token] as const,
  adminOrganizations: ['admin', 'organizations'] as const,
  adminUsers: ['admin', 'users'] as const,
  adminFailedEmails: ['admin', 'emails', 'failed'] as const,
  agents: (orgId: string) => ['orgs', orgId, 'agents'] as const,
  agent: (orgId: string, agentId: string) => ['orgs', orgId, 'agents', agentId] as const,
  tools: (orgId: string) => ['orgs', orgId, 'tools'] as const,
  tool: (orgId: string, toolId: string) => ['orgs', orgId, 'tools', toolId] as const,
  toolCatalog: ['tool-catalog'] as const,
  calls: (orgId: string) => ['orgs', orgId, 'calls'] as const,
  billing: (orgId: string) => ['orgs', orgId, 'billing'] as const,
  phone: (orgId: string) => ['orgs', orgId, 'phone'] as const,
  adminPrices: ['admin', 'billing', 'prices'] as const,
  adminPlans: ['admin', 'billing', 'plans'] as const,
  adminPacks: ['admin', 'billing', 'packs'] as const,
  adminLedger: (orgId: string) => ['admin', 'organizations', orgId, 'ledger'] as const,
  mailbox: ['mailbox'] as const,
  mailboxMessage: (id: string) => ['mailbox', id] as const,
};

export const useConfig = () =>
  useQuery({ queryKey: keys.config, queryFn: () => client.GET('/config'), staleTime: Infinity });

/**
 * How long the shell's data is reused across pages before a page mounting asks again. What changes it (an
 * organization created or renamed, a role, a name) invalidates keys.me at once; the API checks every
 * request itself, so a permission withdrawn meanwhile is refused, not granted.
 */
const SHELL_STALE_MS = 5 * 60_000;
const fetchMe = () => client.GET('/me');

/** The shell's one request: the user, their organizations with permissions, and the installation's features. */
export const useMe = () => useQuery({ queryKey: keys.me, queryFn: fetchMe, staleTime: SHELL_STALE_MS });

export const useApiKeys = (orgId: string) =>
  useQuery({
    queryKey: keys.apiKeys(orgId),
    queryFn: () =>
      client.GET('/orgs/{orgId}/api-keys', { params: { path: { orgId } } }).then((body) => body.apiKeys),
  });

export const useWebhookEndpoints = (orgId: string) =>
  useQuery({
    queryKey: keys.webhooks(orgId),
    queryFn: () =>
      client.GET('/orgs/{orgId}/webhooks', { params: { path: { orgId } } }).then((body) => body.endpoints),
  });

/** Polls while a delivery is still being attempted, so its outcome shows up without a reload. */
export const useWebhookDeliveries = (orgId: string, endpointId: string) =>
  useQuery({
    queryKey: keys.webhookDeliveries(orgId, endpointId),
    queryFn: () =>
      client
        .GET('/orgs/{orgId}/webhooks/{endpointId}/deliveries', { params: { path: { orgId, endpointId } } })
        .then((body) => body.deliveries),
    refetchInterval: (query) =>
      query.state.data?.some((delivery) => delivery.status === 'pending') ? 3000 : false,
  });

export const useRoleCatalog = () => useQuery({ queryKey: keys.roles, queryFn: () => client.GET('/roles') });

/** One of the user's organizations, read from the shell's `/me` (no request of its own); 404 for a non-member. */
export const useOrganization = (orgId: string) =>
  useQuery({
    queryKey: keys.me,
    queryFn: fetchMe,
    staleTime: SHELL_STALE_MS,
    select: (me): ShellOrganization => {
      const organization = me.organizations.find((org) => org.id === orgId);
      if (!organization) throw new ApiError(404, { code: 'NOT_FOUND', message: 'Organization not found' });
      return organization;
    },
  });

export const useMembers = (orgId: string) =>
  useQuery({
    queryKey: keys.members(orgId),
    queryFn: () =>
      client.GET('/orgs/{orgId}/members', { params: { path: { orgId } } }).then((body) => body.members),
  });

export const useInvitations = (orgId: string) =>
  useQuery({
    queryKey: keys.invitations(orgId),
    queryFn: () =>
      client
        .GET('/orgs/{orgId}/invitations', { params: { path: { orgId } } })
        .then((body) => body.invitations),
  });

export const useInvitationPreview = (token: string) =>
  useQuery({
    queryKey: keys.invitation(token),
    queryFn: () => client.GET('/invitations/{token}', { params: { path: { token } } }),
  });

export const useAdminOrganizations = () =>
  useQuery({
    queryKey: keys.adminOrganizations,
    queryFn: () => client.GET('/admin/organizations').then((body) => body.organizations),
  });

export const useAdminFailedEmails = () =>
  useQuery({
    queryKey: keys.adminFailedEmails,
    queryFn: () => client.GET('/admin/emails/failed').then((body) => body.emails),
  });

export const useAdminUsers = () =>
  useQuery({
    queryKey: keys.adminUsers,
    queryFn: () => client.GET('/admin/users').then((body) => body.users),
  });

export const useMailbox = () =>
  useQuery({
    queryKey: keys.mailbox,
    queryFn: () => client.GET('/dev/mailbox').then((body) => body.messages),
    refetchInterval: 3000,
  });

export const useMailboxMessage = (id: string) =>
  useQuery({
    queryKey: keys.mailboxMessage(id),
    queryFn: () => client.GET('/dev/mailbox/{messageId}', { params: { path: { messageId: id } } }),
  });

export const useAgents = (orgId: string, status: 'active' | 'archived' | 'all') =>
  useQuery({
    queryKey: [...keys.agents(orgId), status],
    queryFn: () =>
      client
        .GET('/orgs/{orgId}/agents', { params: { path: { orgId }, query: { status } } })
        .then((body) => body.agents),
  });

export const useAgent = (orgId: string, agentId: string) =>
  useQuery({
    queryKey: keys.agent(orgId, agentId),
    queryFn: () => client.GET('/orgs/{orgId}/agents/{agentId}', { params: { path: { orgId, agentId } } }),
  });

export const useAgentVersions = (orgId: string, agentId: string) =>
  useQuery({
    queryKey: [...keys.agent(orgId, agentId), 'versions'],
    queryFn: () =>
      client
        .GET('/orgs/{orgId}/agents/{agentId}/versions', { params: { path: { orgId, agentId } } })
        .then((body) => body.versions),
  });

export const useAgentFunctions = (orgId: string, agentId: string) =>
  useQuery({
    queryKey: [...keys.agent(orgId, agentId), 'functions'],
    queryFn: () =>
      client.GET('/orgs/{orgId}/agents/{agentId}/functions', { params: { path: { orgId, agentId } } }),
  });

/** Whether a call with the agent would be admitted now; under the agent's key, so saving it asks again. */
export const useCallReadiness = (orgId: string, agentId: string) =>
  useQuery({
    queryKey: [...keys.agent(orgId, agentId), 'call-readiness'],
    queryFn: () =>
      client.GET('/orgs/{orgId}/agents/{agentId}/call-readiness', { params: { path: { orgId, agentId } } }),
  });

export const useTools = (orgId: string) =>
  useQuery({
    queryKey: keys.tools(orgId),
    queryFn: () =>
      client.GET('/orgs/{orgId}/tools', { params: { path: { orgId } } }).then((body) => body.tools),
  });

export const useTool = (orgId: string, toolId: string) =>
  useQuery({
    queryKey: keys.tool(orgId, toolId),
    queryFn: () => client.GET('/orgs/{orgId}/tools/{toolId}', { params: { path: { orgId, toolId } } }),
  });

export const useToolCatalog = () =>
  useQuery({
    queryKey: keys.toolCatalog,
    queryFn: () => client.GET('/tool-catalog').then((body) => body.kinds),
    staleTime: Infinity,
  });

export const useToolPresets = () =>
  useQuery({
    queryKey: [...keys.toolCatalog, 'presets'],
    queryFn: () => client.GET('/tool-catalog').then((body) => body.presets),
    staleTime: Infinity,
  });

/** The Calls list's filter as the API declares it, plus fields of the analysis data (docs/analysis.md). */
export type CallFilter = Omit<
  NonNullable<paths['/orgs/{orgId}/calls']['get']['parameters']['query']>,
  'limit'
> & {
  /** A field of the analysis data, e.g. `analysis.appointment_booked: 'true'`. */
  [analysisField: `analysis.${string}`]: string | undefined;
};

/** A filter without its empty fields, which the API would read as values. */
function withoutEmpty<Filter extends object>(filter: Filter): Partial<Filter> {
  return Object.fromEntries(Object.entries(filter).filter(([, value]) => value)) as Partial<Filter>;
}

export const useCalls = (orgId: string, filter: CallFilter) =>
  useQuery({
    queryKey: [...keys.calls(orgId), filter],
    queryFn: () =>
      client
        .GET('/orgs/{orgId}/calls', { params: { path: { orgId }, query: withoutEmpty(filter) } })
        .then((body) => body.calls),
  });

export const useCall = (orgId: string, callId: string) =>
  useQuery({
    queryKey: [...keys.calls(orgId), callId],
    queryFn: () => client.GET('/orgs/{orgId}/calls/{callId}', { params: { path: { orgId, callId } } }),
    // A call in progress keeps growing its transcript.
    refetchInterval: (query) => (query.state.data && query.state.data.status !== 'ended' ? 3000 : false),
  });

export interface AnalyticsFilter {
  agentId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

/** The filter as the analytics and CSV routes take it (empty fields left out). */
export const analyticsQuery = (filter: AnalyticsFilter) =>
  new URLSearchParams(Object.entries(filter).filter(([, value]) => value) as [string, string][]);

export const useAnalytics = (orgId: string, filter: AnalyticsFilter, enabled = true) =>
  useQuery({
    queryKey: [...keys.calls(orgId), 'analytics', filter],
    queryFn: () =>
      client.GET('/orgs/{orgId}/analytics', { params: { path: { orgId }, query: withoutEmpty(filter) } }),
    enabled,
  });

export const useAgentLatency = (orgId: string, agentId: string) =>
  useQuery({
    queryKey: [...keys.calls(orgId), 'latency', agentId],
    queryFn: () =>
      client.GET('/orgs/{orgId}/agents/{agentId}/latency', { params: { path: { orgId, agentId } } }),
  });

/** The balance for everyone; spending, mode and caps (`details`) for billing readers. */
/** The home page's checklist, recent calls and usage; asked again on every visit, since any page changes it. */
export const useHome = (orgId: string) =>
  useQuery({
    queryKey: [...keys.organization(orgId), 'home'],
    queryFn: () => client.GET('/orgs/{orgId}/home', { params: { path: { orgId } } }),
    refetchOnMount: 'always',
  });

export const useBillingSummary = (orgId: string) =>
  useQuery({
    queryKey: keys.billing(orgId),
    queryFn: () => client.GET('/orgs/{orgId}/billing', { params: { path: { orgId } } }),
  });

export const useBillingUsage = (orgId: string, days: number, enabled = true) =>
  useQuery({
    queryKey: [...keys.billing(orgId), 'usage', days],
    queryFn: () =>
      client.GET('/orgs/{orgId}/billing/usage', { params: { path: { orgId }, query: { days } } }),
    enabled,
  });

/** A ledger read page by page ("Load more"): the organization's own or, for the platform admin, any. */
function useLedger(
  queryKey: readonly unknown[],
  fetchPage: (before: string | undefined) => Promise<LedgerPage>,
  enabled: boolean,
) {
  return useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam }) => fetchPage(pageParam ?? undefined),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    enabled,
  });
}

export const useLedgerPages = (orgId: string, enabled = true) =>
  useLedger(
    [...keys.billing(orgId), 'ledger'],
    (before) =>
      client.GET('/orgs/{orgId}/billing/ledger', { params: { path: { orgId }, query: { before } } }),
    enabled,
  );

export const useAdminLedgerPages = (orgId: string) =>
  useLedger(
    keys.adminLedger(orgId),
    (before) =>
      client.GET('/admin/organizations/{orgId}/ledger', { params: { path: { orgId }, query: { before } } }),
    true,
  );

export const useAdminCallPrices = () =>
  useQuery({
    queryKey: keys.adminPrices,
    queryFn: () => client.GET('/admin/billing/prices').then((body) => body.prices),
  });

/** Every plan and credit pack, archived ones included (platform admin). */
export const useAdminPlans = () =>
  useQuery({
    queryKey: keys.adminPlans,
    queryFn: () => client.GET('/admin/billing/plans').then((body) => body.plans),
  });
export const useAdminPacks = () =>
  useQuery({
    queryKey: keys.adminPacks,
    queryFn: () => client.GET('/admin/billing/packs').then((body) => body.packs),
  });

/** Stripe mode only: the organization's subscription and the plans and credit packs it can buy. */
export const useBillingOffers = (orgId: string) =>
  useQuery({
    queryKey: [...keys.billing(orgId), 'offers'],
    queryFn: () => client.GET('/orgs/{orgId}/billing/subscription', { params: { path: { orgId } } }),
  });

/** Polls while the worker tier is still setting something up (status 'pending'). */
const POLL_MS = 1000;

export const usePhoneSettings = (orgId: string) =>
  useQuery({
    queryKey: keys.phone(orgId),
    queryFn: () => client.GET('/orgs/{orgId}/phone', { params: { path: { orgId } } }),
    refetchInterval: (query) => (query.state.data?.connection?.status === 'pending' ? POLL_MS : false),
  });

export const usePhoneNumbers = (orgId: string, enabled = true) =>
  useQuery({
    queryKey: [...keys.phone(orgId), 'numbers'],
    queryFn: async () =>
      (await client.GET('/orgs/{orgId}/phone/numbers', { params: { path: { orgId } } })).numbers,
    enabled,
    refetchInterval: (query) =>
      query.state.data?.some((number) => number.status === 'pending' || number.status === 'releasing')
        ? POLL_MS
        : false,
  });

export const usePhoneLookup = (orgId: string, lookupId: string | undefined) =>
  useQuery({
    queryKey: [...keys.phone(orgId), 'lookups', lookupId],
    queryFn: () =>
      client.GET('/orgs/{orgId}/phone/lookups/{lookupId}', {
        params: { path: { orgId, lookupId: lookupId! } },
      }),
    enabled: Boolean(lookupId),
    refetchInterval: (query) => (query.state.data?.status === 'pending' ? POLL_MS : false),
  });
