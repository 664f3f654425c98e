'use client';

import type { AgentPhoneSettings } from '@switchboard/contracts/agents';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Field } from '@/components/ui/field';
import { NativeSelect } from '@/components/ui/input';
import { Textarea } from '@/components/ui/textarea';
import type { AgentSectionProps } from './agent-fields';

/** The agent's phone-only settings: voicemail on outbound calls and warm transfer (docs/phone.md). */
export function PhoneSection({ draft, update, fieldErrors, disabled }: AgentSectionProps) {
  const { phone } = draft;
  const setPhone = (patch: Partial<AgentPhoneSettings>) => update({ phone: { ...phone, ...patch } });
  const setVoicemail = (patch: Partial<AgentPhoneSettings['voicemail']>) =>
    setPhone({ voicemail: { ...phone.voicemail, ...patch } });
  return (
    <Card>
      <CardHeader>
        <CardTitle>Phone calls</CardTitle>
        <CardDescription>
          Only for phone calls. The transfer number is the call-control tool&apos;s.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        <Field
          id="voicemail-action"
          label="When an outbound call reaches voicemail"
          error={fieldErrors['phone.voicemail.action']}
        >
          <NativeSelect
            id="voicemail-action"
            value={phone.voicemail.action}
            disabled={disabled}
            onChange={(event) =>
              setVoicemail({ action: event.target.value as AgentPhoneSettings['voicemail']['action'] })
            }
          >
            <option value="hang_up">Hang up</option>
            <option value="leave_message">Leave a message</option>
          </NativeSelect>
        </Field>
        {phone.voicemail.action === 'leave_message' && (
          <Field
            id="voicemail-message"
            label="Voicemail message"
            error={fieldErrors['phone.voicemail.message']}
            hint="Spoken word for word after the tone. Variables such as {{agent_name}} and the call's own variables are filled in."
          >
            <Textarea
              id="voicemail-message"
              className="min-h-16"
              value={phone.voicemail.message}
              disabled={disabled}
              aria-invalid={Boolean(fieldErrors['phone.voicemail.message'])}
              onChange={(event) => setVoicemail({ message: event.target.value })}
            />
          </Field>
        )}
        <label className="flex cursor-pointer items-start gap-3 text-sm">
          <input
            type="checkbox"
            role="switch"
            className="mt-0.5 accent-primary"
            disabled={disabled}
            checked={phone.warmTransfer}
            aria-checked={phone.warmTransfer}
            onChange={(event) => setPhone({ warmTransfer: event.target.checked })}
          />
          <span className="grid gap-0.5">
            <span className="font-medium">Brief the colleague before transferring (warm transfer)</span>
            <span className="text-muted">
              The caller hears hold music while the agent calls your transfer number and summarizes the call;
              the colleague then joins the caller. Off: the call is handed over directly (cold transfer).
              Needs the organization&apos;s outbound trunk (Phone numbers page).
            </span>
          </span>
        </label>
      </CardContent>
    </Card>
  );
}
