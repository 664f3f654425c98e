'use client';

import type { BillingPlan, CreditPack } from '@switchboard/contracts/billing-stripe';
import type { components } from '@switchboard/contracts/generated/openapi';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { toast } from 'sonner';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { DialogContent, DialogFooter } from '@/components/ui/dialog';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { client } from '@/lib/api';
import { keys } from '@/lib/queries';
import { useUnsavedChanges } from '@/lib/unsaved-changes';
import { useFormState } from '@/lib/use-form-state';

export type Offer = { kind: 'plan'; plan?: BillingPlan } | { kind: 'pack'; pack?: CreditPack };

interface FieldSpec {
  key: string;
  label: string;
  hint?: string;
  /** How the text becomes the API's value: a number (whole or up to 3 decimals), or the trimmed text. */
  type: 'text' | 'whole' | 'credits' | 'money';
}

const PLAN_FIELDS: FieldSpec[] = [
  { key: 'name', label: 'Name', type: 'text' },
  {
    key: 'monthlyPriceCents',
    label: 'Monthly price',
    hint: 'What the Stripe Price charges, for display.',
    type: 'money',
  },
  { key: 'currency', label: 'Currency', hint: 'Three letters, e.g. usd.', type: 'text' },
  { key: 'creditsPerPeriod', label: 'Credits per month', type: 'credits' },
  {
    key: 'concurrentCalls',
    label: 'Concurrent calls',
    hint: 'The subscriber’s concurrent-call limit.',
    type: 'whole',
  },
  {
    key: 'stripePriceId',
    label: 'Stripe Price id',
    hint: 'A recurring monthly Price (price_…).',
    type: 'text',
  },
];

const PACK_FIELDS: FieldSpec[] = [
  { key: 'name', label: 'Name', type: 'text' },
  { key: 'credits', label: 'Credits', type: 'credits' },
  { key: 'priceCents', label: 'Price', hint: 'What the Stripe Price charges, for display.', type: 'money' },
  { key: 'currency', label: 'Currency', hint: 'Three letters, e.g. usd.', type: 'text' },
  { key: 'stripePriceId', label: 'Stripe Price id', hint: 'A one-time Price (price_…).', type: 'text' },
];

/** The form's text for a stored value: cents as a decimal amount, numbers as they are. */
function textOf(spec: FieldSpec, value: unknown): string {
  if (value === undefined || value === null) return spec.key === 'currency' ? 'usd' : '';
  if (spec.type === 'money') return (Number(value) / 100).toFixed(2);
  return String(value);
}

/** The value to send, or why it cannot be (the API checks the same and more, and names its field too). */
function parse(spec: FieldSpec, text: string): { value: string | number } | { error: string } {
  const trimmed = text.trim();
  if (spec.type === 'text') return trimmed ? { value: trimmed } : { error: 'Required.' };
  if (spec.type === 'whole') {
    return /^\d+$/.test(trimmed) && Number(trimmed) >= 1
      ? { value: Number(trimmed) }
      : { error: 'A whole number of at least 1.' };
  }
  if (spec.type === 'money') {
    return /^\d+(\.\d{1,2})?$/.test(trimmed)
      ? { value: Math.round(Number(trimmed) * 100) }
      : { error: 'An amount such as 49 or 49.90.' };
  }
  return /^\d+(\.\d{1,3})?$/.test(trimmed)
    ? { value: Number(trimmed) }
    : { error: 'Credits, with at most 3 decimals.' };
}

/** Creates a plan or a credit pack, or edits one (only the fields that changed are sent). */
export function OfferDialogContent({ offer, onDone }: { offer: Offer; onDone: () => void }) {
  const queryClient = useQueryClient();
  const existing: Record<string, unknown> | undefined = offer.kind === 'plan' ? offer.plan : offer.pack;
  const fields = offer.kind === 'plan' ? PLAN_FIELDS : PACK_FIELDS;
  const noun = offer.kind === 'plan' ? 'plan' : 'credit pack';
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(fields.map((spec) => [spec.key, textOf(spec, existing?.[spec.key])])),
  );
  const { pending, formError, fieldErrors, run, setFieldErrors } = useFormState();
  const guard = useUnsavedChanges(
    fields.some((spec) => values[spec.key] !== textOf(spec, existing?.[spec.key])),
  );
  const cancel = () => guard(onDone);

  function submit(event: FormEvent) {
    event.preventDefault();
    const body: Record<string, string | number> = {};
    const errors: Record<string, string> = {};
    for (const spec of fields) {
      const parsed = parse(spec, values[spec.key] ?? '');
      if ('error' in parsed) errors[spec.key] = parsed.error;
      else if (!existing || parsed.value !== existing[spec.key]) body[spec.key] = parsed.value;
    }
    if (Object.keys(errors).length > 0) {
      setFieldErrors(errors);
      return;
    }
    void run(async () => {
      // The body holds the fields of this kind of offer (checked above; the API checks them again).
      const id = String(existing?.id);
      if (offer.kind === 'plan' && existing)
        await client.PATCH('/admin/billing/plans/{planId}', {
          params: { path: { planId: id } },
          body: body as components['schemas']['UpdateBillingPlanInput'],
        });
      else if (offer.kind === 'plan')
        await client.POST('/admin/billing/plans', {
          body: body as unknown as components['schemas']['CreateBillingPlanInput'],
        });
      else if (existing)
        await client.PATCH('/admin/billing/packs/{packId}', {
          params: { path: { packId: id } },
          body: body as components['schemas']['UpdateCreditPackInput'],
        });
      else
        await client.POST('/admin/billing/packs', {
          body: body as unknown as components['schemas']['CreateCreditPackInput'],
        });
      await queryClient.invalidateQueries({
        queryKey: offer.kind === 'plan' ? keys.adminPlans : keys.adminPacks,
      });
      toast.success(existing ? `Saved ${values.name}` : `Created ${values.name}`);
      onDone();
    });
  }

  return (
    <DialogContent
      title={existing ? `Edit ${String(existing.name)}` : `New ${noun}`}
      description={
        offer.kind === 'plan'
          ? 'Create the monthly Price in Stripe first (Product catalog), then map it here. Stripe charges the Price; keep the two equal.'
          : 'Create the one-time Price in Stripe first (Product catalog), then map it here. Stripe charges the Price; keep the two equal.'
      }
      className="max-w-2xl"
      onDismiss={cancel}
    >
      <form className="grid gap-4" onSubmit={submit} noValidate>
        <div className="grid items-start gap-4 sm:grid-cols-2">
          {fields.map((spec) => (
            <Field
              key={spec.key}
              id={`offer-${spec.key}`}
              label={spec.label}
              hint={spec.hint}
              error={fieldErrors[spec.key]}
            >
              <Input
                id={`offer-${spec.key}`}
                value={values[spec.key] ?? ''}
                inputMode={spec.type === 'text' ? undefined : 'decimal'}
                className={spec.key === 'stripePriceId' ? 'font-mono' : undefined}
                aria-invalid={Boolean(fieldErrors[spec.key])}
                onChange={(event) => setValues({ ...values, [spec.key]: event.target.value })}
              />
            </Field>
          ))}
        </div>
        {formError && <Alert tone="danger">{formError}</Alert>}
        <DialogFooter>
          <Button type="button" variant="outline" onClick={cancel}>
            Cancel
          </Button>
          <Button type="submit" loading={pending}>
            {existing ? `Save ${noun}` : `Create ${noun}`}
          </Button>
        </DialogFooter>
      </form>
    </DialogContent>
  );
}
