'use client';

import type { BillingMode, BillingSettings } from '@switchboard/contracts/billing';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { toast } from 'sonner';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from '@/components/ui/card';
import { Field } from '@/components/ui/field';
import { Input, NativeSelect } from '@/components/ui/input';
import { client } from '@/lib/api';
import { formatCredits } from '@/lib/format';
import { keys, useBillingOffers } from '@/lib/queries';
import { useUnsavedChanges } from '@/lib/unsaved-changes';
import { useFormState } from '@/lib/use-form-state';

const money = (cents: number, currency: string) =>
  new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(cents / 100);

/**
 * Auto-recharge: buy a credit pack off-session, on the saved payment method, when a call takes the balance
 * below the threshold (once per crossing). Stripe mode only; manual mode says why it is not available.
 */
export function AutoRechargeForm(props: {
  orgId: string;
  mode: BillingMode;
  settings: BillingSettings['autoRecharge'];
  canManage: boolean;
}) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>Auto-recharge</CardTitle>
        <CardDescription>
          Buy a credit pack automatically, on the saved payment method, when calls take the balance below a
          threshold. Once each time it falls below; you get an email either way.
        </CardDescription>
      </CardHeader>
      {props.mode === 'stripe' ? (
        <StripeAutoRecharge {...props} />
      ) : (
        <CardContent>
          <Alert>
            Auto-recharge buys credit packs through Stripe, and Stripe is not configured on this installation
            (manual billing): a platform admin grants credits.
          </Alert>
        </CardContent>
      )}
    </Card>
  );
}

function StripeAutoRecharge({
  orgId,
  settings,
  canManage,
}: {
  orgId: string;
  settings: BillingSettings['autoRecharge'];
  canManage: boolean;
}) {
  const queryClient = useQueryClient();
  const offers = useBillingOffers(orgId);
  const [packId, setPackId] = useState(settings?.packId ?? '');
  const [threshold, setThreshold] = useState(settings ? String(settings.thresholdCredits) : '');
  useUnsavedChanges(
    packId !== (settings?.packId ?? '') || threshold !== (settings ? String(settings.thresholdCredits) : ''),
  );
  const { pending, formError, fieldErrors, run, setFieldErrors } = useFormState();
  const packs = offers.data?.packs ?? [];

  function save(body: { autoRecharge: { packId: string; thresholdCredits: number } | null }) {
    void run(async () => {
      await client.PATCH('/orgs/{orgId}/billing/settings', { params: { path: { orgId } }, body });
      await queryClient.invalidateQueries({ queryKey: keys.billing(orgId) });
      toast.success(body.autoRecharge ? 'Auto-recharge is on' : 'Auto-recharge is off');
    });
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const errors: Record<string, string> = {};
    if (!packId) errors['autoRecharge.packId'] = 'Choose the pack to buy.';
    if (!/^\d+(\.\d{1,3})?$/.test(threshold.trim())) {
      errors['autoRecharge.thresholdCredits'] = 'Enter 0 or more credits with at most 3 decimals.';
    }
    if (Object.keys(errors).length > 0) {
      setFieldErrors(errors);
      return;
    }
    save({ autoRecharge: { packId, thresholdCredits: Number(threshold.trim()) } });
  }

  return (
    <form onSubmit={submit} noValidate>
      <CardContent className="grid items-start gap-4 sm:grid-cols-2">
        {offers.data && packs.length === 0 ? (
          <Alert className="sm:col-span-2">
            No credit packs are on offer yet: a platform admin adds them.
          </Alert>
        ) : (
          <>
            <Field
              id="auto-recharge-pack"
              label="Pack to buy"
              hint="Charged to the payment method saved with Stripe (Manage payment)."
              error={fieldErrors['autoRecharge.packId'] ?? fieldErrors.autoRecharge}
            >
              <NativeSelect
                id="auto-recharge-pack"
                value={packId}
                disabled={!canManage}
                aria-invalid={Boolean(fieldErrors['autoRecharge.packId'])}
                onChange={(event) => setPackId(event.target.value)}
              >
                <option value="">Choose a pack…</option>
                {packs.map((pack) => (
                  <option key={pack.id} value={pack.id}>
                    {pack.name} — {formatCredits(pack.credits)} credits for{' '}
                    {money(pack.priceCents, pack.currency)}
                  </option>
                ))}
              </NativeSelect>
            </Field>
            <Field
              id="auto-recharge-threshold"
              label="When the balance falls below (credits)"
              hint="A call’s debit that takes the balance below this buys the pack."
              error={fieldErrors['autoRecharge.thresholdCredits']}
            >
              <Input
                id="auto-recharge-threshold"
                inputMode="decimal"
                placeholder="e.g. 50"
                value={threshold}
                disabled={!canManage}
                aria-invalid={Boolean(fieldErrors['autoRecharge.thresholdCredits'])}
                onChange={(event) => setThreshold(event.target.value)}
              />
            </Field>
          </>
        )}
        {!canManage && (
          <Alert className="sm:col-span-2">
            Only organization admins and billing managers can change auto-recharge.
          </Alert>
        )}
        {formError && (
          <Alert tone="danger" className="sm:col-span-2">
            {formError}
          </Alert>
        )}
      </CardContent>
      {canManage && packs.length > 0 && (
        <CardFooter className="gap-2">
          <Button type="submit" loading={pending}>
            {settings ? 'Save auto-recharge' : 'Turn on auto-recharge'}
          </Button>
          {settings && (
            <Button
              type="button"
              variant="outline"
              disabled={pending}
              onClick={() => save({ autoRecharge: null })}
            >
              Turn off
            </Button>
          )}
        </CardFooter>
      )}
    </form>
  );
}
