'use client';

import type {
  WebhookDelivery,
  WebhookEndpoint,
  WebhookEndpointWithSecret,
} from '@switchboard/contracts/webhooks';
import { useQueryClient } from '@tanstack/react-query';
import { RefreshCw, Trash2, Webhook } from 'lucide-react';
import { useState } from 'react';
import { toast } from 'sonner';
import { PageHeader } from '@/components/app-shell';
import { OrganizationGate } from '@/components/organization-gate';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Dialog, DialogContent } from '@/components/ui/dialog';
import { EmptyState, ErrorState, LoadingState } from '@/components/ui/states';
import { client, errorMessage } from '@/lib/api';
import { formatDateTime } from '@/lib/format';
import { keys, useWebhookDeliveries, useWebhookEndpoints } from '@/lib/queries';
import { useCurrentOrganization } from '@/lib/use-current-organization';
import { CreateEndpointDialog, ShowSecretOnce } from './endpoint-dialog';

const STATUS_TONE = { succeeded: 'success', failed: 'danger', pending: 'warning' } as const;

function attemptSummary(delivery: WebhookDelivery): string {
  const last = delivery.attempts.at(-1);
  if (!last) return 'Not attempted yet';
  const outcome = last.responseStatus !== null ? `HTTP ${last.responseStatus}` : (last.error ?? 'failed');
  const time = last.responseTimeMs !== null ? ` in ${last.responseTimeMs} ms` : '';
  return `Attempt ${last.attempt}${last.isManual ? ' (by hand)' : ''}: ${outcome}${time}`;
}

function DeliveryLog({ orgId, endpointId }: { orgId: string; endpointId: string }) {
  const queryClient = useQueryClient();
  const deliveries = useWebhookDeliveries(orgId, endpointId);
  const [open, setOpen] = useState<string>();

  async function redeliver(delivery: WebhookDelivery) {
    try {
      await client.POST('/orgs/{orgId}/webhooks/{endpointId}/deliveries/{deliveryId}/redeliver', {
        params: { path: { orgId, endpointId, deliveryId: delivery.id } },
      });
      toast.success('Sending it again');
    } catch (error) {
      toast.error(errorMessage(error));
    }
    await queryClient.invalidateQueries({ queryKey: keys.webhookDeliveries(orgId, endpointId) });
  }

  if (deliveries.error)
    return <ErrorState error={deliveries.error} onRetry={() => void deliveries.refetch()} />;
  if (!deliveries.data) return <LoadingState />;
  if (deliveries.data.length === 0) {
    return (
      <p className="px-5 py-4 text-sm text-muted">No deliveries yet. Events show up here as they are sent.</p>
    );
  }
  return (
    <ul className="divide-y divide-border border-t border-border bg-subtle/40">
      {deliveries.data.map((delivery) => (
        <li key={delivery.id} className="grid gap-2 px-5 py-3 text-sm">
          <div className="flex flex-wrap items-center gap-3">
            <Badge tone={STATUS_TONE[delivery.status]}>{delivery.status}</Badge>
            <span className="font-mono text-xs">{delivery.eventType}</span>
            <span className="text-muted">{formatDateTime(delivery.createdAt)}</span>
            <span className="min-w-0 flex-1 truncate text-muted">{attemptSummary(delivery)}</span>
            <Button
              variant="ghost"
              size="sm"
              onClick={() => setOpen(open === delivery.id ? undefined : delivery.id)}
              aria-expanded={open === delivery.id}
            >
              Attempts
            </Button>
            {delivery.status !== 'pending' && (
              <Button variant="outline" size="sm" onClick={() => void redeliver(delivery)}>
                <RefreshCw /> Redeliver
              </Button>
            )}
          </div>
          {delivery.status === 'pending' && delivery.nextAttemptAt && (
            <span className="text-xs text-muted">Next attempt {formatDateTime(delivery.nextAttemptAt)}</span>
          )}
          {open === delivery.id && (
            <table className="w-full text-left text-xs">
              <thead className="text-muted">
                <tr>
                  <th className="py-1 pr-3 font-medium">#</th>
                  <th className="py-1 pr-3 font-medium">Started</th>
                  <th className="py-1 pr-3 font-medium">Status</th>
                  <th className="py-1 pr-3 font-medium">Time</th>
                  <th className="py-1 font-medium">Error / response</th>
                </tr>
              </thead>
              <tbody>
                {delivery.attempts.map((attempt) => (
                  <tr key={attempt.attempt} className="align-top">
                    <td className="py-1 pr-3">
                      {attempt.attempt}
                      {attempt.isManual && ' (by hand)'}
                    </td>
                    <td className="py-1 pr-3">{formatDateTime(attempt.startedAt)}</td>
                    <td className="py-1 pr-3">{attempt.responseStatus ?? '—'}</td>
                    <td className="py-1 pr-3">
                      {attempt.responseTimeMs !== null ? `${attempt.responseTimeMs} ms` : '—'}
                    </td>
                    <td className="max-w-md truncate py-1 font-mono">
                      {attempt.error ?? ''} {attempt.responseBody ?? ''}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </li>
      ))}
    </ul>
  );
}

function EndpointRow({ orgId, endpoint }: { orgId: string; endpoint: WebhookEndpoint }) {
  const queryClient = useQueryClient();
  const [showLog, setShowLog] = useState(false);
  const [rotated, setRotated] = useState<WebhookEndpointWithSecret>();
  const refresh = () => queryClient.invalidateQueries({ queryKey: keys.webhooks(orgId) });

  async function act(what: string, request: () => Promise<unknown>) {
    try {
      await request();
      toast.success(what);
    } catch (error) {
      toast.error(errorMessage(error));
    }
    await refresh();
  }

  const setEnabled = (enabled: boolean) =>
    act(enabled ? 'Endpoint switched on' : 'Endpoint switched off', () =>
      client.PATCH('/orgs/{orgId}/webhooks/{endpointId}', {
        params: { path: { orgId, endpointId: endpoint.id } },
        body: { enabled },
      }),
    );
  const remove = () =>
    act('Endpoint removed', () =>
      client.DELETE('/orgs/{orgId}/webhooks/{endpointId}', {
        params: { path: { orgId, endpointId: endpoint.id } },
      }),
    );
  async function rotate() {
    try {
      setRotated(
        await client.POST('/orgs/{orgId}/webhooks/{endpointId}/rotate-secret', {
          params: { path: { orgId, endpointId: endpoint.id } },
        }),
      );
    } catch (error) {
      toast.error(errorMessage(error));
    }
  }

  return (
    <li>
      <div className="flex flex-wrap items-center gap-3 px-5 py-3">
        <div className="grid min-w-0 flex-1 gap-0.5">
          <span className="truncate font-mono text-sm font-medium">{endpoint.url}</span>
          {endpoint.description && (
            <span className="truncate text-sm text-muted">{endpoint.description}</span>
          )}
          <span className="truncate text-xs text-muted">{endpoint.eventTypes.join(', ')}</span>
          {!endpoint.enabled && endpoint.disabledReason && (
            <span className="text-xs text-danger">
              Switched off {endpoint.disabledAt && formatDateTime(endpoint.disabledAt)}:{' '}
              {endpoint.disabledReason}
            </span>
          )}
        </div>
        <Badge tone={endpoint.enabled ? 'success' : 'danger'}>{endpoint.enabled ? 'enabled' : 'off'}</Badge>
        <Button variant="ghost" size="sm" onClick={() => setShowLog(!showLog)} aria-expanded={showLog}>
          Deliveries
        </Button>
        <Button variant="outline" size="sm" onClick={() => void setEnabled(!endpoint.enabled)}>
          {endpoint.enabled ? 'Switch off' : 'Enable again'}
        </Button>
        <Button variant="outline" size="sm" onClick={() => void rotate()}>
          Rotate secret
        </Button>
        <Button
          variant="ghost"
          size="icon"
          aria-label={`Remove ${endpoint.url}`}
          onClick={() => void remove()}
        >
          <Trash2 className="text-muted" />
        </Button>
      </div>
      {showLog && <DeliveryLog orgId={orgId} endpointId={endpoint.id} />}
      <Dialog open={rotated !== undefined} onOpenChange={(open) => !open && setRotated(undefined)}>
        {rotated && (
          <DialogContent title="New signing secret" onInteractOutside={(event) => event.preventDefault()}>
            <ShowSecretOnce created={rotated} onDone={() => setRotated(undefined)} />
          </DialogContent>
        )}
      </Dialog>
    </li>
  );
}

function EndpointList({ orgId }: { orgId: string }) {
  const endpoints = useWebhookEndpoints(orgId);
  if (endpoints.error) return <ErrorState error={endpoints.error} onRetry={() => void endpoints.refetch()} />;
  if (!endpoints.data) return <LoadingState />;
  if (endpoints.data.length === 0) {
    return (
      <EmptyState icon={<Webhook />} title="No webhook endpoints">
        Add an endpoint to receive call and billing events in your own systems.
      </EmptyState>
    );
  }
  return (
    <ul className="divide-y divide-border">
      {endpoints.data.map((endpoint) => (
        <EndpointRow key={endpoint.id} orgId={orgId} endpoint={endpoint} />
      ))}
    </ul>
  );
}

export default function WebhooksPage() {
  const { orgId, organization, can } = useCurrentOrganization();
  return (
    <OrganizationGate organization={organization}>
      {(org) => (
        <>
          <PageHeader
            title="Webhooks"
            description={`Events of ${org.name}, sent to your own systems.`}
            actions={can('webhooks:manage') && <CreateEndpointDialog orgId={orgId} />}
          />
          {can('webhooks:manage') ? (
            <Card>
              <CardHeader className="border-b border-border">
                <CardTitle>Endpoints</CardTitle>
                <CardDescription>
                  Each request is signed (Standard Webhooks). Failed deliveries are retried for about a day;
                  an endpoint whose deliveries keep failing is switched off and its admins are emailed.
                </CardDescription>
              </CardHeader>
              <EndpointList orgId={orgId} />
            </Card>
          ) : (
            <Alert>Only members who can manage webhooks (webhooks:manage) see and add endpoints.</Alert>
          )}
        </>
      )}
    </OrganizationGate>
  );
}
