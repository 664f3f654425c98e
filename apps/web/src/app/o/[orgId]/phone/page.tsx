'use client';

import type { PhoneNumber, PhoneSettings, TwilioConnectionInput } from '@switchboard/contracts/phone';
import { useQueryClient } from '@tanstack/react-query';
import { Phone } from 'lucide-react';
import { type FormEvent, useState } from 'react';
import { toast } from 'sonner';
import { PageHeader } from '@/components/app-shell';
import { OrganizationGate } from '@/components/organization-gate';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Field } from '@/components/ui/field';
import { Input, NativeSelect } from '@/components/ui/input';
import { EmptyState, ErrorState, LoadingState } from '@/components/ui/states';
import { client, errorMessage } from '@/lib/api';
import { keys, useAgents, usePhoneLookup, usePhoneNumbers, usePhoneSettings } from '@/lib/queries';
import { useUnsavedChanges } from '@/lib/unsaved-changes';
import { useCurrentOrganization } from '@/lib/use-current-organization';
import { useFormState } from '@/lib/use-form-state';

const DEFAULT_KIND: TwilioConnectionInput['kind'] = 'auth_token';

const STATUS_TONE = { pending: 'warning', ready: 'success', error: 'danger', releasing: 'warning' } as const;

export default function PhonePage() {
  const { orgId, organization, can } = useCurrentOrganization();
  const settings = usePhoneSettings(orgId);
  return (
    <OrganizationGate organization={organization}>
      {() => (
        <>
          <PageHeader
            title="Phone numbers"
            description="Numbers callers dial to reach your agents, and the numbers your agents call from."
          />
          {settings.isPending ? (
            <LoadingState />
          ) : settings.isError ? (
            <ErrorState error={settings.error} onRetry={() => void settings.refetch()} />
          ) : (
            <PhoneContent orgId={orgId} settings={settings.data} canManage={can('phone:manage')} />
          )}
        </>
      )}
    </OrganizationGate>
  );
}

function PhoneContent({
  orgId,
  settings,
  canManage,
}: {
  orgId: string;
  settings: PhoneSettings;
  canManage: boolean;
}) {
  if (!settings.configured) {
    return canManage ? (
      <Alert title="Phone calls are not configured on this installation">
        Set {settings.missing.join(', ')} in the API&apos;s and the worker tier&apos;s environment, then
        restart them. docs/phone.md explains each setting and the Twilio and LiveKit side.
      </Alert>
    ) : (
      <Alert title="Phone calls are not available">
        This installation is not set up for phone calls yet. Ask an administrator.
      </Alert>
    );
  }
  const ready = settings.connection?.status === 'ready';
  return (
    <div className="grid gap-6">
      <ConnectionCard orgId={orgId} settings={settings} canManage={canManage} />
      {ready && <NumbersCard orgId={orgId} canManage={canManage} />}
      {ready && canManage && <BuyCard orgId={orgId} />}
      {ready && canManage && <ImportCard orgId={orgId} />}
    </div>
  );
}

function ConnectionCard({
  orgId,
  settings,
  canManage,
}: {
  orgId: string;
  settings: PhoneSettings;
  canManage: boolean;
}) {
  const queryClient = useQueryClient();
  const { connection } = settings;
  const [kind, setKind] = useState<TwilioConnectionInput['kind']>(DEFAULT_KIND);
  const [accountSid, setAccountSid] = useState('');
  const [secretId, setSecretId] = useState('');
  const [secret, setSecret] = useState('');
  const [editing, setEditing] = useState(!connection);
  const { pending, formError, fieldErrors, run } = useFormState();
  const guard = useUnsavedChanges(
    editing && (kind !== DEFAULT_KIND || accountSid !== '' || secretId !== '' || secret !== ''),
  );

  function stopEditing() {
    setEditing(false);
    setKind(DEFAULT_KIND);
    setAccountSid('');
    setSecretId('');
    setSecret('');
  }

  function connect(event: FormEvent) {
    event.preventDefault();
    const body: TwilioConnectionInput =
      kind === 'installation'
        ? { kind }
        : kind === 'auth_token'
          ? { kind, accountSid, authToken: secret }
          : { kind, accountSid, apiKeySid: secretId, apiKeySecret: secret };
    void run(async () => {
      await client.PUT('/orgs/{orgId}/phone/twilio', { params: { path: { orgId } }, body });
      stopEditing();
      await queryClient.invalidateQueries({ queryKey: keys.phone(orgId) });
      toast.success('Twilio connected; setting up the SIP trunk');
    });
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle>Twilio</CardTitle>
        <CardDescription>
          Switchboard creates an Elastic SIP trunk in this account and points it at LiveKit. Credentials are
          sealed; only the worker tier can open them.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        {connection && (
          <div className="flex flex-wrap items-center gap-3 text-sm" data-testid="twilio-connection">
            <Badge tone={STATUS_TONE[connection.status]}>{connection.status}</Badge>
            <span>
              {connection.kind === 'installation' ? "The installation's account" : 'Account'}{' '}
              <span className="font-mono">{connection.accountSid}</span>
            </span>
            {connection.sipTrunkSid && (
              <span className="text-muted-foreground">
                SIP trunk <span className="font-mono">{connection.sipTrunkSid}</span>
              </span>
            )}
            {canManage && !editing && (
              <Button variant="outline" size="sm" onClick={() => setEditing(true)}>
                Change credentials
              </Button>
            )}
          </div>
        )}
        {connection?.status === 'error' && <Alert tone="danger">{connection.lastError}</Alert>}
        {canManage && editing && (
          <form className="grid max-w-xl gap-4" onSubmit={connect}>
            <Field id="twilio-kind" label="Credentials">
              <NativeSelect
                id="twilio-kind"
                value={kind}
                onChange={(event) => setKind(event.target.value as TwilioConnectionInput['kind'])}
              >
                <option value="auth_token">Account SID and Auth Token</option>
                <option value="api_key">API key (revocable, recommended)</option>
                {settings.installationAccountAvailable && (
                  <option value="installation">Use this installation&apos;s Twilio account</option>
                )}
              </NativeSelect>
            </Field>
            {kind !== 'installation' && (
              <Field id="twilio-account" label="Account SID" error={fieldErrors.accountSid}>
                <Input
                  id="twilio-account"
                  value={accountSid}
                  placeholder="AC…"
                  autoComplete="off"
                  onChange={(event) => setAccountSid(event.target.value.trim())}
                />
              </Field>
            )}
            {kind === 'api_key' && (
              <Field id="twilio-key-sid" label="API key SID" error={fieldErrors.apiKeySid}>
                <Input
                  id="twilio-key-sid"
                  value={secretId}
                  placeholder="SK…"
                  autoComplete="off"
                  onChange={(event) => setSecretId(event.target.value.trim())}
                />
              </Field>
            )}
            {kind !== 'installation' && (
              <Field
                id="twilio-secret"
                label={kind === 'api_key' ? 'API key secret' : 'Auth Token'}
                error={fieldErrors.authToken ?? fieldErrors.apiKeySecret}
              >
                <Input
                  id="twilio-secret"
                  type="password"
                  value={secret}
                  autoComplete="off"
                  onChange={(event) => setSecret(event.target.value.trim())}
                />
              </Field>
            )}
            {formError && <Alert tone="danger">{formError}</Alert>}
            <div className="flex gap-2">
              <Button type="submit" disabled={pending}>
                {pending ? 'Connecting…' : 'Connect Twilio'}
              </Button>
              {connection && (
                <Button type="button" variant="ghost" onClick={() => guard(stopEditing)}>
                  Cancel
                </Button>
              )}
            </div>
          </form>
        )}
      </CardContent>
    </Card>
  );
}

function NumbersCard({ orgId, canManage }: { orgId: string; canManage: boolean }) {
  const numbers = usePhoneNumbers(orgId);
  const agents = useAgents(orgId, 'active');
  return (
    <Card>
      <CardHeader className="border-b border-border">
        <CardTitle>Numbers</CardTitle>
        <CardDescription>
          Calls to a number are answered by its agent; a number with no agent rejects calls.
        </CardDescription>
      </CardHeader>
      {numbers.isPending ? (
        <LoadingState />
      ) : numbers.isError ? (
        <ErrorState error={numbers.error} onRetry={() => void numbers.refetch()} />
      ) : numbers.data.length === 0 ? (
        <EmptyState icon={<Phone />} title="No numbers yet">
          Buy a number or import one from your Twilio account.
        </EmptyState>
      ) : (
        <ul className="divide-y divide-border">
          {numbers.data.map((number) => (
            <NumberRow
              key={number.id}
              orgId={orgId}
              number={number}
              agents={agents.data ?? []}
              canManage={canManage}
            />
          ))}
        </ul>
      )}
    </Card>
  );
}

function NumberRow({
  orgId,
  number,
  agents,
  canManage,
}: {
  orgId: string;
  number: PhoneNumber;
  agents: { id: string; name: string }[];
  canManage: boolean;
}) {
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const refresh = () => queryClient.invalidateQueries({ queryKey: keys.phone(orgId) });
  async function act(action: () => Promise<unknown>, done: string) {
    setBusy(true);
    try {
      await action();
      await refresh();
      toast.success(done);
    } catch (error) {
      toast.error(errorMessage(error));
    } finally {
      setBusy(false);
    }
  }
  const params = { path: { orgId, phoneNumberId: number.id } };
  return (
    <li className="flex flex-wrap items-center gap-4 px-5 py-3" data-testid="phone-number-row">
      <div className="grid min-w-48 gap-0.5">
        <span className="font-mono text-sm">{number.e164}</span>
        {number.friendlyName && <span className="text-xs text-muted-foreground">{number.friendlyName}</span>}
      </div>
      <Badge tone={STATUS_TONE[number.status]}>{number.status}</Badge>
      {number.lastError && <span className="text-sm text-danger">{number.lastError}</span>}
      <div className="ml-auto flex items-center gap-2">
        <label className="sr-only" htmlFor={`agent-${number.id}`}>
          Agent for {number.e164}
        </label>
        <NativeSelect
          id={`agent-${number.id}`}
          value={number.agent?.id ?? ''}
          disabled={!canManage || busy || number.status === 'releasing'}
          onChange={(event) =>
            void act(
              () =>
                client.PATCH('/orgs/{orgId}/phone/numbers/{phoneNumberId}', {
                  params,
                  body: { agentId: event.target.value || null },
                }),
              'Assignment saved',
            )
          }
        >
          <option value="">No agent</option>
          {number.agent && !agents.some((agent) => agent.id === number.agent?.id) && (
            <option value={number.agent.id}>{number.agent.name}</option>
          )}
          {agents.map((agent) => (
            <option key={agent.id} value={agent.id}>
              {agent.name}
            </option>
          ))}
        </NativeSelect>
        {canManage && (
          <Button
            variant="outline"
            size="sm"
            disabled={busy || number.status === 'releasing'}
            onClick={() => {
              if (
                window.confirm(
                  `Release ${number.e164}? It goes back to Twilio and may be taken by someone else.`,
                )
              )
                void act(
                  () => client.DELETE('/orgs/{orgId}/phone/numbers/{phoneNumberId}', { params }),
                  'Releasing the number',
                );
            }}
          >
            Release
          </Button>
        )}
      </div>
    </li>
  );
}

function useLookupResult(orgId: string) {
  const [lookupId, setLookupId] = useState<string>();
  const lookup = usePhoneLookup(orgId, lookupId);
  return { lookup: lookup.data, setLookupId, failed: lookup.error };
}

function BuyCard({ orgId }: { orgId: string }) {
  const queryClient = useQueryClient();
  const [country, setCountry] = useState('US');
  const [areaCode, setAreaCode] = useState('');
  const { lookup, setLookupId, failed } = useLookupResult(orgId);
  const { pending, formError, fieldErrors, run } = useFormState();

  function search(event: FormEvent) {
    event.preventDefault();
    void run(async () => {
      const started = await client.POST('/orgs/{orgId}/phone/searches', {
        params: { path: { orgId } },
        body: { country, ...(areaCode && { areaCode }) },
      });
      setLookupId(started.id);
    });
  }
  async function buy(e164: string) {
    try {
      await client.POST('/orgs/{orgId}/phone/numbers', { params: { path: { orgId } }, body: { e164 } });
      await queryClient.invalidateQueries({ queryKey: keys.phone(orgId) });
      toast.success(`Buying ${e164}`);
    } catch (error) {
      toast.error(errorMessage(error));
    }
  }
  return (
    <Card>
      <CardHeader>
        <CardTitle>Buy a number</CardTitle>
        <CardDescription>Twilio charges the number&apos;s monthly price to your account.</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        <form className="flex flex-wrap items-end gap-3" onSubmit={search}>
          <Field id="buy-country" label="Country" error={fieldErrors.country}>
            <Input
              id="buy-country"
              className="w-24"
              value={country}
              maxLength={2}
              onChange={(event) => setCountry(event.target.value.toUpperCase())}
            />
          </Field>
          <Field id="buy-area" label="Area code (optional)" error={fieldErrors.areaCode}>
            <Input
              id="buy-area"
              className="w-36"
              value={areaCode}
              inputMode="numeric"
              onChange={(event) => setAreaCode(event.target.value.trim())}
            />
          </Field>
          <Button type="submit" disabled={pending || lookup?.status === 'pending'}>
            {lookup?.status === 'pending' ? 'Searching…' : 'Search'}
          </Button>
        </form>
        {formError && <Alert tone="danger">{formError}</Alert>}
        {failed && <Alert tone="danger">{errorMessage(failed)}</Alert>}
        {lookup?.status === 'failed' && <Alert tone="danger">{lookup.error}</Alert>}
        {lookup?.available && lookup.available.length === 0 && <p className="text-sm">No numbers found.</p>}
        {lookup?.available && lookup.available.length > 0 && (
          <ul className="divide-y divide-border rounded-lg border border-border">
            {lookup.available.map((number) => (
              <li
                key={number.e164}
                className="flex items-center gap-4 px-4 py-2"
                data-testid="available-number"
              >
                <span className="font-mono text-sm">{number.e164}</span>
                <span className="text-sm text-muted-foreground">
                  {[number.locality, number.region].filter(Boolean).join(', ')}
                </span>
                <Button className="ml-auto" size="sm" onClick={() => void buy(number.e164)}>
                  Buy {number.e164}
                </Button>
              </li>
            ))}
          </ul>
        )}
      </CardContent>
    </Card>
  );
}

function ImportCard({ orgId }: { orgId: string }) {
  const queryClient = useQueryClient();
  const { lookup, setLookupId, failed } = useLookupResult(orgId);
  const { pending, formError, run } = useFormState();
  const load = () =>
    void run(async () => {
      const started = await client.POST('/orgs/{orgId}/phone/account-numbers', {
        params: { path: { orgId } },
      });
      setLookupId(started.id);
    });
  async function importNumber(number: { e164: string; twilioSid: string }) {
    try {
      await client.POST('/orgs/{orgId}/phone/numbers/import', { params: { path: { orgId } }, body: number });
      await queryClient.invalidateQueries({ queryKey: keys.phone(orgId) });
      toast.success(`Importing ${number.e164}`);
    } catch (error) {
      toast.error(errorMessage(error));
    }
  }
  const importable = lookup?.accountNumbers?.filter((number) => !number.imported);
  return (
    <Card>
      <CardHeader>
        <CardTitle>Import a number</CardTitle>
        <CardDescription>
          A number already in the Twilio account. Importing attaches it to Switchboard&apos;s SIP trunk, which
          replaces its current voice configuration.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        <div>
          <Button variant="outline" onClick={load} disabled={pending || lookup?.status === 'pending'}>
            {lookup?.status === 'pending' ? 'Loading…' : 'Load numbers from Twilio'}
          </Button>
        </div>
        {formError && <Alert tone="danger">{formError}</Alert>}
        {failed && <Alert tone="danger">{errorMessage(failed)}</Alert>}
        {lookup?.status === 'failed' && <Alert tone="danger">{lookup.error}</Alert>}
        {importable && importable.length === 0 && (
          <p className="text-sm">Every number in the account is already here.</p>
        )}
        {importable && importable.length > 0 && (
          <ul className="divide-y divide-border rounded-lg border border-border">
            {importable.map((number) => (
              <li key={number.twilioSid} className="flex items-center gap-4 px-4 py-2">
                <span className="font-mono text-sm">{number.e164}</span>
                <span className="text-sm text-muted-foreground">{number.friendlyName}</span>
                <Button className="ml-auto" size="sm" onClick={() => void importNumber(number)}>
                  Import
                </Button>
              </li>
            ))}
          </ul>
        )}
      </CardContent>
    </Card>
  );
}
