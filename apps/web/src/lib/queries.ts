'use client';

import type { AdminOrganization, AdminUser } from '@switchboard/contracts/admin';
import type { Agent, AgentFunctions, AgentVersion } from '@switchboard/contracts/agents';
import type { AgentLatency, Analytics } from '@switchboard/contracts/analytics';
import type { ApiKey } from '@switchboard/contracts/api-keys';
import type { BillingSummary, BillingUsage, CallPrice, LedgerPage } from '@switchboard/contracts/billing';
import type { BillingOffers, BillingPlan, CreditPack } from '@switchboard/contracts/billing-stripe';
import type { Call, CallDetail, CallReadiness } from '@switchboard/contracts/calls';
import type { PublicConfig } from '@switchboard/contracts/config';
import type { FailedEmail } from '@switchboard/contracts/email-outbox';
import type { HomeState } from '@switchboard/contracts/home';
import type { MailboxMessage, MailboxMessageSummary } from '@switchboard/contracts/mailbox';
import type { Me } from '@switchboard/contracts/me';
import type { Invitation, InvitationPreview, Member } from '@switchboard/contracts/members';
import type { MyOrganization } from '@switchboard/contracts/organizations';
import type { RoleCatalog } from '@switchboard/contracts/permissions';
import type { PhoneLookup, PhoneNumber, PhoneSettings } from '@switchboard/contracts/phone';
import type { ToolPresetInfo } from '@switchboard/contracts/tool-presets';
import type { Tool, ToolKindInfo } from '@switchboard/contracts/tools';
import type { WebhookDelivery, WebhookEndpoint } from '@switchboard/contracts/webhooks';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api } from './api';

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
  useQuery({ queryKey: keys.config, queryFn: () => api<PublicConfig>('/config'), staleTime: Infinity });

export const useMe = () => useQuery({ queryKey: keys.me, queryFn: () => api<Me>('/me') });

export const useApiKeys = (orgId: string) =>
  useQuery({
    queryKey: keys.apiKeys(orgId),
    queryFn: () => api<{ apiKeys: ApiKey[] }>(`/orgs/${orgId}/api-keys`).then((body) => body.apiKeys),
  });

export const useWebhookEndpoints = (orgId: string) =>
  useQuery({
    queryKey: keys.webhooks(orgId),
    queryFn: () =>
      api<{ endpoints: WebhookEndpoint[] }>(`/orgs/${orgId}/webhooks`).then((body) => body.endpoints),
  });

/** Polls while a delivery is still being attempted, so its outcome shows up without a reload. */
export const useWebhookDeliveries = (orgId: string, endpointId: string) =>
  useQuery({
    queryKey: keys.webhookDeliveries(orgId, endpointId),
    queryFn: () =>
      api<{ deliveries: WebhookDelivery[] }>(`/orgs/${orgId}/webhooks/${endpointId}/deliveries`).then(
        (body) => body.deliveries,
      ),
    refetchInterval: (query) =>
      query.state.data?.some((delivery) => delivery.status === 'pending') ? 3000 : false,
  });

export const useRoleCatalog = () =>
  useQuery({ queryKey: keys.roles, queryFn: () => api<RoleCatalog>('/roles') });

export const useOrganization = (orgId: string) =>
  useQuery({ queryKey: keys.organization(orgId), queryFn: () => api<MyOrganization>(`/orgs/${orgId}`) });

export const useMembers = (orgId: string) =>
  useQuery({
    queryKey: keys.members(orgId),
    queryFn: () => api<{ members: Member[] }>(`/orgs/${orgId}/members`).then((body) => body.members),
  });

export const useInvitations = (orgId: string) =>
  useQuery({
    queryKey: keys.invitations(orgId),
    queryFn: () =>
      api<{ invitations: Invitation[] }>(`/orgs/${orgId}/invitations`).then((body) => body.invitations),
  });

export const useInvitationPreview = (token: string) =>
  useQuery({
    queryKey: keys.invitation(token),
    queryFn: () => api<InvitationPreview>(`/invitations/${token}`),
  });

export const useAdminOrganizations = () =>
  useQuery({
    queryKey: keys.adminOrganizations,
    queryFn: () =>
      api<{ organizations: AdminOrganization[] }>('/admin/organizations').then((body) => body.organizations),
  });

export const useAdminFailedEmails = () =>
  useQuery({
    queryKey: keys.adminFailedEmails,
    queryFn: () => api<{ emails: FailedEmail[] }>('/admin/emails/failed').then((body) => body.emails),
  });

export const useAdminUsers = () =>
  useQuery({
    queryKey: keys.adminUsers,
    queryFn: () => api<{ users: AdminUser[] }>('/admin/users').then((body) => body.users),
  });

export const useMailbox = () =>
  useQuery({
    queryKey: keys.mailbox,
    queryFn: () => api<{ messages: MailboxMessageSummary[] }>('/dev/mailbox').then((body) => body.messages),
    refetchInterval: 3000,
  });

export const useMailboxMessage = (id: string) =>
  useQuery({ queryKey: keys.mailboxMessage(id), queryFn: () => api<MailboxMessage>(`/dev/mailbox/${id}`) });

export const useAgents = (orgId: string, status: 'active' | 'archived' | 'all') =>
  useQuery({
    queryKey: [...keys.agents(orgId), status],
    queryFn: () =>
      api<{ agents: Agent[] }>(`/orgs/${orgId}/agents?status=${status}`).then((body) => body.agents),
  });

export const useAgent = (orgId: string, agentId: string) =>
  useQuery({
    queryKey: keys.agent(orgId, agentId),
    queryFn: () => api<Agent>(`/orgs/${orgId}/agents/${agentId}`),
  });

export const useAgentVersions = (orgId: string, agentId: string) =>
  useQuery({
    queryKey: [...keys.agent(orgId, agentId), 'versions'],
    queryFn: () =>
      api<{ versions: AgentVersion[] }>(`/orgs/${orgId}/agents/${agentId}/versions`).then(
        (body) => body.versions,
      ),
  });

export const useAgentFunctions = (orgId: string, agentId: string) =>
  useQuery({
    queryKey: [...keys.agent(orgId, agentId), 'functions'],
    queryFn: () => api<AgentFunctions>(`/orgs/${orgId}/agents/${agentId}/functions`),
  });

/** Whether a call with the agent would be admitted now; under the agent's key, so saving it asks again. */
export const useCallReadiness = (orgId: string, agentId: string) =>
  useQuery({
    queryKey: [...keys.agent(orgId, agentId), 'call-readiness'],
    queryFn: () => api<CallReadiness>(`/orgs/${orgId}/agents/${agentId}/call-readiness`),
  });

export const useTools = (orgId: string) =>
  useQuery({
    queryKey: keys.tools(orgId),
    queryFn: () => api<{ tools: Tool[] }>(`/orgs/${orgId}/tools`).then((body) => body.tools),
  });

export const useTool = (orgId: string, toolId: string) =>
  useQuery({
    queryKey: keys.tool(orgId, toolId),
    queryFn: () => api<Tool>(`/orgs/${orgId}/tools/${toolId}`),
  });

export const useToolCatalog = () =>
  useQuery({
    queryKey: keys.toolCatalog,
    queryFn: () => api<{ kinds: ToolKindInfo[] }>('/tool-catalog').then((body) => body.kinds),
    staleTime: Infinity,
  });

export const useToolPresets = () =>
  useQuery({
    queryKey: [...keys.toolCatalog, 'presets'],
    queryFn: () => api<{ presets: ToolPresetInfo[] }>('/tool-catalog').then((body) => body.presets),
    staleTime: Infinity,
  });

export interface CallFilter {
  agentId?: string;
  from?: string;
  to?: string;
  /** The success evaluation's score (docs/analysis.md). */
  evaluation?: string;
  /** A field of the analysis data, e.g. `analysis.appointment_booked: 'true'`. */
  [analysisField: `analysis.${string}`]: string | undefined;
}

export const useCalls = (orgId: string, filter: CallFilter) =>
  useQuery({
    queryKey: [...keys.calls(orgId), filter],
    queryFn: () => {
      const query = new URLSearchParams(
        Object.entries(filter).filter(([, value]) => value) as [string, string][],
      );
      return api<{ calls: Call[] }>(`/orgs/${orgId}/calls?${query}`).then((body) => body.calls);
    },
  });

export const useCall = (orgId: string, callId: string) =>
  useQuery({
    queryKey: [...keys.calls(orgId), callId],
    queryFn: () => api<CallDetail>(`/orgs/${orgId}/calls/${callId}`),
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
    queryFn: () => api<Analytics>(`/orgs/${orgId}/analytics?${analyticsQuery(filter)}`),
    enabled,
  });

export const useAgentLatency = (orgId: string, agentId: string) =>
  useQuery({
    queryKey: [...keys.calls(orgId), 'latency', agentId],
    queryFn: () => api<AgentLatency>(`/orgs/${orgId}/agents/${agentId}/latency`),
  });

/** The balance for everyone; spending, mode and caps (`details`) for billing readers. */
/** The home page's checklist, recent calls and usage; asked again on every visit, since any page changes it. */
export const useHome = (orgId: string) =>
  useQuery({
    queryKey: [...keys.organization(orgId), 'home'],
    queryFn: () => api<HomeState>(`/orgs/${orgId}/home`),
    refetchOnMount: 'always',
  });

export const useBillingSummary = (orgId: string) =>
  useQuery({ queryKey: keys.billing(orgId), queryFn: () => api<BillingSummary>(`/orgs/${orgId}/billing`) });

export const useBillingUsage = (orgId: string, days: number, enabled = true) =>
  useQuery({
    queryKey: [...keys.billing(orgId), 'usage', days],
    queryFn: () => api<BillingUsage>(`/orgs/${orgId}/billing/usage?days=${days}`),
    enabled,
  });

/** A ledger read page by page ("Load more"); `path` is the organization's own or the platform admin's. */
function useLedger(queryKey: readonly unknown[], path: string, enabled: boolean) {
  return useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam }) => api<LedgerPage>(pageParam ? `${path}?before=${pageParam}` : path),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    enabled,
  });
}

export const useLedgerPages = (orgId: string, enabled = true) =>
  useLedger([...keys.billing(orgId), 'ledger'], `/orgs/${orgId}/billing/ledger`, enabled);

export const useAdminLedgerPages = (orgId: string) =>
  useLedger(keys.adminLedger(orgId), `/admin/organizations/${orgId}/ledger`, true);

export const useAdminCallPrices = () =>
  useQuery({
    queryKey: keys.adminPrices,
    queryFn: () => api<{ prices: CallPrice[] }>('/admin/billing/prices').then((body) => body.prices),
  });

/** Every plan and credit pack, archived ones included (platform admin). */
export const useAdminPlans = () =>
  useQuery({
    queryKey: keys.adminPlans,
    queryFn: () => api<{ plans: BillingPlan[] }>('/admin/billing/plans').then((body) => body.plans),
  });
export const useAdminPacks = () =>
  useQuery({
    queryKey: keys.adminPacks,
    queryFn: () => api<{ packs: CreditPack[] }>('/admin/billing/packs').then((body) => body.packs),
  });

/** Stripe mode only: the organization's subscription and the plans and credit packs it can buy. */
export const useBillingOffers = (orgId: string) =>
  useQuery({
    queryKey: [...keys.billing(orgId), 'offers'],
    queryFn: () => api<BillingOffers>(`/orgs/${orgId}/billing/subscription`),
  });

/** Polls while the worker tier is still setting something up (status 'pending'). */
const POLL_MS = 1000;

export const usePhoneSettings = (orgId: string) =>
  useQuery({
    queryKey: keys.phone(orgId),
    queryFn: () => api<PhoneSettings>(`/orgs/${orgId}/phone`),
    refetchInterval: (query) => (query.state.data?.connection?.status === 'pending' ? POLL_MS : false),
  });

export const usePhoneNumbers = (orgId: string, enabled = true) =>
  useQuery({
    queryKey: [...keys.phone(orgId), 'numbers'],
    queryFn: async () => (await api<{ numbers: PhoneNumber[] }>(`/orgs/${orgId}/phone/numbers`)).numbers,
    enabled,
    refetchInterval: (query) =>
      query.state.data?.some((number) => number.status === 'pending' || number.status === 'releasing')
        ? POLL_MS
        : false,
  });

export const usePhoneLookup = (orgId: string, lookupId: string | undefined) =>
  useQuery({
    queryKey: [...keys.phone(orgId), 'lookups', lookupId],
    queryFn: () => api<PhoneLookup>(`/orgs/${orgId}/phone/lookups/${lookupId}`),
    enabled: Boolean(lookupId),
    refetchInterval: (query) => (query.state.data?.status === 'pending' ? POLL_MS : false),
  });
