'use client';

import { CALL_PRICE_CHANNELS, type CallPrice, MODEL_KINDS } from '@switchboard/contracts/billing';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { toast } from 'sonner';
import { PageHeader } from '@/components/app-shell';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from '@/components/ui/card';
import { Input } from '@/components/ui/input';
import { ErrorState, LoadingState } from '@/components/ui/states';
import { client } from '@/lib/api';
import { humanize } from '@/lib/format';
import { keys, useAdminCallPrices } from '@/lib/queries';
import { useUnsavedChanges } from '@/lib/unsaved-changes';
import { useFormState } from '@/lib/use-form-state';

type Pair = `${CallPrice['channel']}:${CallPrice['modelKind']}`;

const MODEL_KIND_LABEL = { realtime: 'Realtime (speech to speech)', pipeline: 'Pipeline (STT → LLM → TTS)' };

function PricesForm({ prices }: { prices: CallPrice[] }) {
  const queryClient = useQueryClient();
  const initial = Object.fromEntries(
    prices.map((price) => [`${price.channel}:${price.modelKind}`, String(price.creditsPerMinute)]),
  ) as Record<Pair, string>;
  const [values, setValues] = useState(initial);
  const { pending, formError, fieldErrors, run, setFieldErrors } = useFormState();
  // An API validation error names `prices.N.field`, not a cell: shown under the table.
  const unplaced = Object.entries(fieldErrors).find(([key]) => !(key in values))?.[1];
  const changed = (Object.keys(values) as Pair[]).filter((pair) => values[pair].trim() !== initial[pair]);
  useUnsavedChanges(changed.length > 0);

  function submit(event: FormEvent) {
    event.preventDefault();
    const errors: Record<string, string> = {};
    for (const pair of changed) {
      // Same rule as the API (0 to 1,000,000 credits, 3 decimals), checked here to name the cell.
      if (!/^\d+(\.\d{1,3})?$/.test(values[pair].trim()) || Number(values[pair]) > 1e6)
        errors[pair] = 'Enter 0 to 1,000,000 credits, at most 3 decimals.';
    }
    if (Object.keys(errors).length > 0) {
      setFieldErrors(errors);
      return;
    }
    void run(async () => {
      const body = {
        prices: changed.map((pair) => {
          const [channel, modelKind] = pair.split(':') as [CallPrice['channel'], CallPrice['modelKind']];
          return { channel, modelKind, creditsPerMinute: Number(values[pair]) };
        }),
      };
      await client.PUT('/admin/billing/prices', { body });
      await queryClient.invalidateQueries({ queryKey: keys.adminPrices });
      toast.success('Prices saved');
    });
  }

  return (
    <Card>
      <form onSubmit={submit} noValidate>
        <CardHeader>
          <CardTitle>Credits per call minute</CardTitle>
          <CardDescription>
            For every organization on this installation. A running call keeps the price it started with.
          </CardDescription>
        </CardHeader>
        <CardContent className="overflow-x-auto">
          <table className="text-left text-sm">
            <thead className="text-xs uppercase tracking-wide text-muted">
              <tr>
                <th className="py-2 pr-3 font-medium">Channel</th>
                {MODEL_KINDS.map((kind) => (
                  <th key={kind} className="px-3 py-2 font-medium">
                    {MODEL_KIND_LABEL[kind]}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {CALL_PRICE_CHANNELS.map((channel) => (
                <tr key={channel}>
                  <th scope="row" className="py-2 pr-3 font-medium">
                    {humanize(channel)}
                  </th>
                  {MODEL_KINDS.map((kind) => {
                    const pair: Pair = `${channel}:${kind}`;
                    const id = `price-${channel}-${kind}`;
                    return (
                      <td key={kind} className="px-3 py-2 align-top">
                        <Input
                          id={id}
                          inputMode="decimal"
                          className="w-32"
                          aria-label={`${humanize(channel)} ${kind} credits per minute`}
                          aria-invalid={Boolean(fieldErrors[pair])}
                          aria-describedby={fieldErrors[pair] ? `${id}-error` : undefined}
                          value={values[pair] ?? ''}
                          onChange={(event) => setValues({ ...values, [pair]: event.target.value })}
                        />
                        {fieldErrors[pair] && (
                          <p id={`${id}-error`} className="mt-1 max-w-40 text-xs text-danger">
                            {fieldErrors[pair]}
                          </p>
                        )}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
          {(formError ?? unplaced) && (
            <Alert tone="danger" className="mt-4">
              {formError ?? unplaced}
            </Alert>
          )}
        </CardContent>
        <CardFooter>
          <Button type="submit" loading={pending} disabled={changed.length === 0}>
            Save prices
          </Button>
        </CardFooter>
      </form>
    </Card>
  );
}

export default function AdminPricesPage() {
  const prices = useAdminCallPrices();
  return (
    <>
      <PageHeader
        title="Call prices"
        description="What a minute of a call costs, by channel and model kind."
      />
      {prices.error ? (
        <Card>
          <ErrorState error={prices.error} onRetry={() => void prices.refetch()} />
        </Card>
      ) : !prices.data ? (
        <LoadingState />
      ) : (
        <PricesForm key={JSON.stringify(prices.data)} prices={prices.data} />
      )}
    </>
  );
}
