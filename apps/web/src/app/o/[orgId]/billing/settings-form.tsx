'use client';

import type { BillingSettings, UpdateBillingSettings } from '@switchboard/contracts/billing';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { toast } from 'sonner';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from '@/components/ui/card';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { client } from '@/lib/api';
import { keys } from '@/lib/queries';
import { useUnsavedChanges } from '@/lib/unsaved-changes';
import { useFormState } from '@/lib/use-form-state';

// Auto-recharge has its own card (auto-recharge-form.tsx).
type SettingKey = Exclude<keyof BillingSettings, 'autoRecharge'>;

const FIELDS: { key: SettingKey; label: string; hint: string; unit: string; whole?: boolean }[] = [
  {
    key: 'dailySpendCapCredits',
    label: 'Daily spend cap',
    hint: 'No call starts once today’s calls have cost this much (midnight in the organization’s time zone).',
    unit: 'credits',
  },
  {
    key: 'callCostCapCredits',
    label: 'Cost cap per call',
    hint: 'A call that reaches it is ended by the agent with a short goodbye.',
    unit: 'credits',
  },
  {
    key: 'concurrentCallLimit',
    label: 'Concurrent calls',
    hint: 'No call starts while this many calls are running.',
    unit: 'calls',
    whole: true,
  },
  {
    key: 'lowBalanceThresholdCredits',
    label: 'Low-balance alert',
    hint: 'An email goes out when the balance falls below it.',
    unit: 'credits',
  },
];

const textOf = (value: number | null) => (value === null ? '' : String(value));

/**
 * What the field holds as the API wants it (empty = no cap), or the reason it cannot be sent. The API checks
 * the same rules; this only spares a round trip and says which field is wrong.
 */
function parse(text: string, whole: boolean | undefined): { value: number | null } | { error: string } {
  const trimmed = text.trim();
  if (trimmed === '') return { value: null };
  if (whole) {
    return /^\d+$/.test(trimmed) && Number(trimmed) >= 1
      ? { value: Number(trimmed) }
      : { error: 'Enter a whole number of at least 1, or leave it empty.' };
  }
  return /^\d+(\.\d{1,3})?$/.test(trimmed)
    ? { value: Number(trimmed) }
    : { error: 'Enter 0 or more credits with at most 3 decimals, or leave it empty.' };
}

/** Caps and the low-balance threshold; read-only for those without billing:manage. */
export function BillingSettingsForm({
  orgId,
  settings,
  canManage,
}: {
  orgId: string;
  settings: BillingSettings;
  canManage: boolean;
}) {
  const queryClient = useQueryClient();
  const [values, setValues] = useState<Record<SettingKey, string>>({
    dailySpendCapCredits: textOf(settings.dailySpendCapCredits),
    callCostCapCredits: textOf(settings.callCostCapCredits),
    concurrentCallLimit: textOf(settings.concurrentCallLimit),
    lowBalanceThresholdCredits: textOf(settings.lowBalanceThresholdCredits),
  });
  const { pending, formError, fieldErrors, run, setFieldErrors } = useFormState();
  const changed = FIELDS.some(({ key }) => values[key].trim() !== textOf(settings[key]));
  useUnsavedChanges(changed);

  function submit(event: FormEvent) {
    event.preventDefault();
    const body: UpdateBillingSettings = {};
    const errors: Record<string, string> = {};
    for (const { key, whole } of FIELDS) {
      const parsed = parse(values[key], whole);
      if ('error' in parsed) errors[key] = parsed.error;
      else if (parsed.value !== settings[key]) body[key] = parsed.value;
    }
    if (Object.keys(errors).length > 0) {
      setFieldErrors(errors);
      return;
    }
    void run(async () => {
      await client.PATCH('/orgs/{orgId}/billing/settings', { params: { path: { orgId } }, body });
      await queryClient.invalidateQueries({ queryKey: keys.billing(orgId) });
      toast.success('Billing settings saved');
    });
  }

  return (
    <Card>
      <form onSubmit={submit} noValidate>
        <CardHeader>
          <CardTitle>Limits</CardTitle>
          <CardDescription>Guardrails on spending. Leave a field empty for no limit.</CardDescription>
        </CardHeader>
        <CardContent className="grid items-start gap-4 sm:grid-cols-2">
          {FIELDS.map(({ key, label, hint, unit, whole }) => (
            <Field
              key={key}
              id={`billing-${key}`}
              label={`${label} (${unit})`}
              hint={hint}
              error={fieldErrors[key]}
            >
              <Input
                id={`billing-${key}`}
                inputMode={whole ? 'numeric' : 'decimal'}
                placeholder="No limit"
                value={values[key]}
                disabled={!canManage}
                aria-invalid={Boolean(fieldErrors[key])}
                aria-describedby={fieldErrors[key] ? `billing-${key}-error` : undefined}
                onChange={(event) => setValues({ ...values, [key]: event.target.value })}
              />
            </Field>
          ))}
          {!canManage && (
            <Alert className="sm:col-span-2">
              Only organization admins and billing managers can change limits.
            </Alert>
          )}
          {formError && (
            <Alert tone="danger" className="sm:col-span-2">
              {formError}
            </Alert>
          )}
        </CardContent>
        {canManage && (
          <CardFooter>
            <Button type="submit" loading={pending} disabled={!changed}>
              Save limits
            </Button>
          </CardFooter>
        )}
      </form>
    </Card>
  );
}
