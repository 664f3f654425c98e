'use client';

import type { AdminOrganization, AdminUser } from '@switchboard/contracts/admin';
import type { Agent, AgentFunctions, AgentVersion } from '@switchboard/contracts/agents';
import type { BillingSummary, BillingUsage, CallPrice, LedgerPage } from '@switchboard/contracts/billing';
import type { BillingOffers } from '@switchboard/contracts/billing-stripe';
import type { Call, CallDetail, CallReadiness } from '@switchboard/contracts/calls';
import type { PublicConfig } from '@switchboard/contracts/config';
import type { FailedEmail } from '@switchboard/contracts/email-outbox';
import type { MailboxMessage, MailboxMessageSummary } from '@switchboard/contracts/mailbox';
import type { Me } from '@switchboard/contracts/me';
import type { Invitation, InvitationPreview, Member } from '@switchboard/contracts/members';
import type { MyOrganization } from '@switchboard/contracts/organizations';
import type { RoleCatalog } from '@switchboard/contracts/permissions';
import type { Tool, ToolKindInfo } from '@switchboard/contracts/tools';
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
  adminPrices: ['admin', 'billing', 'prices'] as const,
  adminLedger: (orgId: string) => ['admin', 'organizations', orgId, 'ledger'] as const,
  mailbox: ['mailbox'] as const,
  mailboxMessage: (id: string) => ['mailbox', id] as const,
};

export const useConfig = () =>
  useQuery({ queryKey: keys.config, queryFn: () => api<PublicConfig>('/config'), staleTime: Infinity });

export const useMe = () => useQuery({ queryKey: keys.me, queryFn: () => api<Me>('/me') });

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

export interface CallFilter {
  agentId?: string;
  from?: string;
  to?: string;
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

/** The balance for everyone; spending, mode and caps (`details`) for billing readers. */
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

/** Stripe mode only: the organization's subscription and the plans and credit packs it can buy. */
export const useBillingOffers = (orgId: string) =>
  useQuery({
    queryKey: [...keys.billing(orgId), 'offers'],
    queryFn: () => api<BillingOffers>(`/orgs/${orgId}/billing/subscription`),
  });
