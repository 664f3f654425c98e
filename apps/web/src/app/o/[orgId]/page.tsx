'use client';

import type { HomeState, SetupStepKey } from '@switchboard/contracts/home';
import type { Permission } from '@switchboard/contracts/permissions';
import { ArrowRight, CheckCircle2, Circle, Coins, PhoneCall, Users } from 'lucide-react';
import Link from 'next/link';
import { PageHeader } from '@/components/app-shell';
import { OrganizationGate } from '@/components/organization-gate';
import { Badge } from '@/components/ui/badge';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { ErrorState, LoadingState } from '@/components/ui/states';
import { formatCredits, formatDateTime, formatDuration, humanize } from '@/lib/format';
import { useHome, useMembers } from '@/lib/queries';
import { useCurrentOrganization } from '@/lib/use-current-organization';

/** What each step asks of the person, where it is done, and who may do it. */
const STEPS: Record<SetupStepKey, { title: string; how: string; path: string; permission: Permission }> = {
  create_agent: {
    title: 'Create an agent',
    how: 'Start from a template: support, appointments, order status or lead qualification.',
    path: 'agents',
    permission: 'agents:write',
  },
  add_tool: {
    title: 'Add a tool',
    how: 'Let the agent hang up, transfer, book in a calendar or call your own API.',
    path: 'tools',
    permission: 'tools:write',
  },
  chat: {
    title: 'Chat with it',
    how: 'Type to your agent from its page to try the prompt and tools in seconds.',
    path: 'agents',
    permission: 'calls:start',
  },
  talk: {
    title: 'Talk to it',
    how: 'Start a voice call in the browser from the agent’s page.',
    path: 'agents',
    permission: 'calls:start',
  },
  phone_number: {
    title: 'Connect a phone number',
    how: 'Buy or bring a number and choose the agent that answers it.',
    path: 'phone',
    permission: 'phone:manage',
  },
  billing: {
    title: 'Set up billing',
    how: 'Choose a plan or buy credits so calls keep running after the trial.',
    path: 'billing',
    permission: 'billing:manage',
  },
};

function SetupChecklist({
  orgId,
  checklist,
  can,
}: {
  orgId: string;
  checklist: HomeState['checklist'];
  can: (permission: Permission) => boolean;
}) {
  const offered = checklist.filter((step) => step.available);
  const done = offered.filter((step) => step.done).length;
  return (
    <Card className="md:col-span-2">
      <CardHeader>
        <CardTitle className="flex items-center justify-between gap-2">
          Get started
          <Badge tone={done === offered.length ? 'success' : 'primary'}>
            {done} of {offered.length} done
          </Badge>
        </CardTitle>
        <CardDescription>Each step ticks itself once it has happened in this organization.</CardDescription>
      </CardHeader>
      <CardContent>
        <ol className="grid gap-1" aria-label="Setup checklist">
          {checklist.map((step) => {
            const { title, how, path, permission } = STEPS[step.key];
            const canAct = step.available && !step.done && can(permission);
            return (
              <li
                key={step.key}
                data-step={step.key}
                data-done={step.done}
                className="flex items-start gap-3 rounded-lg p-2"
              >
                {step.done ? (
                  <CheckCircle2 className="mt-0.5 size-5 shrink-0 text-success" aria-label="Done" />
                ) : (
                  <Circle className="mt-0.5 size-5 shrink-0 text-muted" aria-label="Not done yet" />
                )}
                <div className="grid flex-1 gap-0.5">
                  <p className={step.done ? 'font-medium text-muted line-through' : 'font-medium'}>{title}</p>
                  {!step.done && (
                    <p className="text-sm text-muted">
                      {step.available ? how : 'Not offered on this installation.'}
                    </p>
                  )}
                </div>
                {canAct && (
                  <Link
                    className="flex shrink-0 items-center gap-1 text-sm text-primary hover:underline"
                    href={`/o/${orgId}/${path}`}
                  >
                    Go <ArrowRight className="size-4" aria-hidden />
                  </Link>
                )}
              </li>
            );
          })}
        </ol>
      </CardContent>
    </Card>
  );
}

function RecentCalls({ orgId, calls }: { orgId: string; calls: NonNullable<HomeState['recentCalls']> }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          <PhoneCall className="size-4 text-muted" aria-hidden /> Recent calls
        </CardTitle>
      </CardHeader>
      <CardContent>
        {calls.length === 0 ? (
          <p className="text-sm text-muted">No calls yet.</p>
        ) : (
          <ul className="grid gap-2 text-sm">
            {calls.map((call) => (
              <li key={call.id} className="flex items-center justify-between gap-2">
                <Link className="truncate text-primary hover:underline" href={`/o/${orgId}/calls/${call.id}`}>
                  {call.agent.name}
                </Link>
                <span className="shrink-0 text-muted">
                  {humanize(call.channel)} · {formatDuration(call.durationSeconds)} ·{' '}
                  {formatDateTime(call.createdAt)}
                </span>
              </li>
            ))}
          </ul>
        )}
        <Link
          className="mt-3 flex items-center gap-1 text-sm text-primary hover:underline"
          href={`/o/${orgId}/calls`}
        >
          All calls <ArrowRight className="size-4" aria-hidden />
        </Link>
      </CardContent>
    </Card>
  );
}

function ThisMonth({
  orgId,
  home,
  canReadBilling,
}: {
  orgId: string;
  home: HomeState;
  canReadBilling: boolean;
}) {
  const { month, balanceCredits } = home;
  if (!month && balanceCredits === null) return null;
  return (
    <Card>
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          <Coins className="size-4 text-muted" aria-hidden /> This month
        </CardTitle>
      </CardHeader>
      <CardContent>
        <dl className="grid grid-cols-2 gap-4">
          {month && (
            <>
              <div>
                <dt className="text-sm text-muted">Voice calls</dt>
                <dd className="text-2xl font-semibold">{month.calls}</dd>
              </div>
              <div>
                <dt className="text-sm text-muted">Minutes</dt>
                <dd className="text-2xl font-semibold">{month.minutes}</dd>
              </div>
              {month.spentCredits !== null && (
                <div>
                  <dt className="text-sm text-muted">Credits spent</dt>
                  <dd className="text-2xl font-semibold">{formatCredits(month.spentCredits)}</dd>
                </div>
              )}
            </>
          )}
          {balanceCredits !== null && (
            <div>
              <dt className="text-sm text-muted">Balance</dt>
              <dd className="text-2xl font-semibold" data-testid="balance">
                {formatCredits(balanceCredits)} credits
              </dd>
            </div>
          )}
        </dl>
        {canReadBilling && balanceCredits !== null && (
          <Link
            className="mt-3 flex items-center gap-1 text-sm text-primary hover:underline"
            href={`/o/${orgId}/billing`}
          >
            Billing <ArrowRight className="size-4" aria-hidden />
          </Link>
        )}
      </CardContent>
    </Card>
  );
}

function TeamCard({ orgId }: { orgId: string }) {
  const members = useMembers(orgId);
  return (
    <Card>
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          <Users className="size-4 text-muted" aria-hidden /> Team
        </CardTitle>
        <CardDescription>People who can work in this organization.</CardDescription>
      </CardHeader>
      <CardContent className="flex items-end justify-between">
        <p className="text-3xl font-semibold">{members.data?.length ?? '–'}</p>
        <Link
          className="flex items-center gap-1 text-sm text-primary hover:underline"
          href={`/o/${orgId}/members`}
        >
          Manage members <ArrowRight className="size-4" aria-hidden />
        </Link>
      </CardContent>
    </Card>
  );
}

function Home({ orgId, can }: { orgId: string; can: (permission: Permission) => boolean }) {
  const home = useHome(orgId);
  if (home.error) return <ErrorState error={home.error} onRetry={() => void home.refetch()} />;
  if (!home.data) return <LoadingState />;
  return (
    <div className="grid gap-4 md:grid-cols-2">
      <SetupChecklist orgId={orgId} checklist={home.data.checklist} can={can} />
      {home.data.recentCalls && <RecentCalls orgId={orgId} calls={home.data.recentCalls} />}
      <ThisMonth orgId={orgId} home={home.data} canReadBilling={can('billing:read')} />
      {can('members:read') && <TeamCard orgId={orgId} />}
    </div>
  );
}

export default function OrganizationHomePage() {
  const { orgId, organization, can } = useCurrentOrganization();
  return (
    <OrganizationGate organization={organization}>
      {(org) => (
        <>
          {/* The role's name comes with the shell's data: no role catalog to fetch for one line. */}
          <PageHeader
            title={org.name}
            description={`Your role: ${organization.data?.roleName ?? org.role}`}
          />
          <Home orgId={orgId} can={can} />
        </>
      )}
    </OrganizationGate>
  );
}
