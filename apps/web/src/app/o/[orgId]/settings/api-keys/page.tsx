'use client';

import type { ApiKey } from '@switchboard/contracts/api-keys';
import { useQueryClient } from '@tanstack/react-query';
import { KeyRound, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { toast } from 'sonner';
import { PageHeader } from '@/components/app-shell';
import { OrganizationGate } from '@/components/organization-gate';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Dialog, DialogContent, DialogFooter } from '@/components/ui/dialog';
import { EmptyState, ErrorState, LoadingState } from '@/components/ui/states';
import { client, errorMessage } from '@/lib/api';
import { formatDate, formatDateTime } from '@/lib/format';
import { keys, useApiKeys, useRoleCatalog } from '@/lib/queries';
import { useCurrentOrganization } from '@/lib/use-current-organization';
import { CreateKeyDialog } from './create-key-dialog';

function keyState(key: ApiKey): { label: string; tone: 'success' | 'neutral' | 'warning' } {
  if (key.revokedAt) return { label: 'revoked', tone: 'neutral' };
  if (key.expiresAt && new Date(key.expiresAt).getTime() <= Date.now())
    return { label: 'expired', tone: 'warning' };
  return { label: 'active', tone: 'success' };
}

function KeyList({ orgId }: { orgId: string }) {
  const queryClient = useQueryClient();
  const apiKeys = useApiKeys(orgId);
  const [revoking, setRevoking] = useState<ApiKey>();
  const [busy, setBusy] = useState(false);

  async function revoke(key: ApiKey) {
    setBusy(true);
    try {
      await client.DELETE('/orgs/{orgId}/api-keys/{keyId}', { params: { path: { orgId, keyId: key.id } } });
      toast.success(`Revoked "${key.name}"`);
      setRevoking(undefined);
    } catch (error) {
      toast.error(errorMessage(error));
    } finally {
      setBusy(false);
    }
    await queryClient.invalidateQueries({ queryKey: keys.apiKeys(orgId) });
  }

  if (apiKeys.error) return <ErrorState error={apiKeys.error} onRetry={() => void apiKeys.refetch()} />;
  if (!apiKeys.data) return <LoadingState />;
  if (apiKeys.data.length === 0) {
    return (
      <EmptyState icon={<KeyRound />} title="No API keys">
        Create a key to call this organization's API from your own systems.
      </EmptyState>
    );
  }
  return (
    <>
      <ul className="divide-y divide-border">
        {apiKeys.data.map((key) => {
          const state = keyState(key);
          return (
            <li key={key.id} className="flex flex-wrap items-center gap-3 px-5 py-3">
              <div className="grid min-w-0 flex-1 gap-0.5">
                <span className="truncate font-medium">{key.name}</span>
                <span className="truncate font-mono text-xs text-muted">{key.prefix}_…</span>
                <span className="text-sm text-muted">
                  {key.lastUsedAt ? `Last used ${formatDateTime(key.lastUsedAt)}` : 'Never used'}
                  {' · '}
                  {key.expiresAt ? `expires ${formatDate(key.expiresAt)}` : 'never expires'}
                  {key.createdBy && ` · created by ${key.createdBy.name}`}
                </span>
                <span className="truncate text-xs text-muted">{key.permissions.join(', ')}</span>
              </div>
              <Badge tone={state.tone}>{state.label}</Badge>
              {!key.revokedAt && (
                <Button
                  variant="ghost"
                  size="icon"
                  aria-label={`Revoke ${key.name}`}
                  onClick={() => setRevoking(key)}
                >
                  <Trash2 className="text-muted" />
                </Button>
              )}
            </li>
          );
        })}
      </ul>
      <Dialog open={revoking !== undefined} onOpenChange={(open) => !open && setRevoking(undefined)}>
        {revoking && (
          <DialogContent
            title={`Revoke "${revoking.name}"?`}
            description={`Requests with ${revoking.prefix}_… are refused from now on. This cannot be undone.`}
          >
            <DialogFooter>
              <Button variant="outline" onClick={() => setRevoking(undefined)}>
                Cancel
              </Button>
              <Button variant="danger" loading={busy} onClick={() => void revoke(revoking)}>
                Revoke key
              </Button>
            </DialogFooter>
          </DialogContent>
        )}
      </Dialog>
    </>
  );
}

export default function ApiKeysPage() {
  const { orgId, organization, can } = useCurrentOrganization();
  const catalog = useRoleCatalog();
  return (
    <OrganizationGate organization={organization}>
      {(org) => (
        <>
          <PageHeader
            title="API keys"
            description={`Call the API of ${org.name} from your own systems.`}
            actions={
              can('api_keys:manage') &&
              catalog.data && <CreateKeyDialog orgId={orgId} catalog={catalog.data} held={org.permissions} />
            }
          />
          {can('api_keys:manage') ? (
            <Card>
              <CardHeader className="border-b border-border">
                <CardTitle>Keys</CardTitle>
                <CardDescription>
                  Secrets are shown once, when a key is created. See the{' '}
                  <a className="underline" href="/api/docs">
                    API reference
                  </a>{' '}
                  to try a route with a key.
                </CardDescription>
              </CardHeader>
              <KeyList orgId={orgId} />
            </Card>
          ) : (
            <Alert>Only members who can manage API keys (api_keys:manage) see and create them.</Alert>
          )}
        </>
      )}
    </OrganizationGate>
  );
}
