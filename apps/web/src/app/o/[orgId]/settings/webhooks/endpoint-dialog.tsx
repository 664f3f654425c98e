'use client';

import { WEBHOOK_EVENT_TYPES } from '@switchboard/contracts/constants';
import type { WebhookEndpointWithSecret, WebhookEventType } from '@switchboard/contracts/webhooks';
import { useQueryClient } from '@tanstack/react-query';
import { Webhook } from 'lucide-react';
import { type FormEvent, useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { ChecklistField } from '@/components/ui/checklist-field';
import { CopyableSecret } from '@/components/ui/copyable-secret';
import { Dialog, DialogContent, DialogFooter, DialogTrigger } from '@/components/ui/dialog';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { client } from '@/lib/api';
import { useShowsCredits } from '@/lib/installation';
import { keys } from '@/lib/queries';
import { useUnsavedChanges } from '@/lib/unsaved-changes';
import { useFormState } from '@/lib/use-form-state';

const EVENT_DESCRIPTIONS: Record<WebhookEventType, string> = {
  'call.started': 'An agent answered and the call began',
  'call.ended': 'A call ended, with its transcript and tool calls',
  'call.analyzed': 'The post-call analysis of a call is ready',
  'phone_number.assigned': 'A phone number was assigned to an agent (or unassigned)',
  'phone_number.released': 'A phone number was released',
  'credits.low': 'The credit balance fell below the low-balance threshold',
};

/** What a new endpoint listens to until the form says otherwise. */
const DEFAULT_EVENTS: readonly WebhookEventType[] = ['call.ended'];

/** The signing secret, once: the API seals it for the worker tier and cannot show it again. */
export function ShowSecretOnce({
  created,
  onDone,
}: {
  created: WebhookEndpointWithSecret;
  onDone: () => void;
}) {
  return (
    <div className="grid gap-4">
      <Alert>Copy this signing secret now. Switchboard cannot show it again (you can rotate it).</Alert>
      <CopyableSecret label="Signing secret" secret={created.secret} copiedToast="Secret copied" />
      <p className="text-sm text-muted">
        Verify each request's <code className="font-mono text-xs">webhook-signature</code> with it, e.g. with
        the <code className="font-mono text-xs">standardwebhooks</code> package (docs/webhooks.md).
      </p>
      <DialogFooter>
        <Button type="button" onClick={onDone}>
          Done
        </Button>
      </DialogFooter>
    </div>
  );
}

export function CreateEndpointDialog({ orgId }: { orgId: string }) {
  const queryClient = useQueryClient();
  // Without metering there is no balance to run low: the event would never be sent.
  const showsCredits = useShowsCredits();
  const offeredEvents = WEBHOOK_EVENT_TYPES.filter((type) => showsCredits || type !== 'credits.low');
  const [open, setOpen] = useState(false);
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [eventTypes, setEventTypes] = useState<Set<WebhookEventType>>(new Set(DEFAULT_EVENTS));
  const [created, setCreated] = useState<WebhookEndpointWithSecret>();
  const { pending, formError, fieldErrors, run } = useFormState();
  // Once created, the form is gone: the show-once secret closes without a question.
  const dirty =
    !created &&
    (url !== '' ||
      description !== '' ||
      eventTypes.size !== DEFAULT_EVENTS.length ||
      DEFAULT_EVENTS.some((type) => !eventTypes.has(type)));
  const guard = useUnsavedChanges(dirty);

  function reset(nextOpen: boolean) {
    setOpen(nextOpen);
    if (!nextOpen) {
      setCreated(undefined);
      setUrl('');
      setDescription('');
      setEventTypes(new Set(DEFAULT_EVENTS));
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    void run(async () => {
      const body = { url, description, eventTypes: [...eventTypes] };
      setCreated(await client.POST('/orgs/{orgId}/webhooks', { params: { path: { orgId } }, body }));
      await queryClient.invalidateQueries({ queryKey: keys.webhooks(orgId) });
    });
  }

  return (
    <Dialog open={open} onOpenChange={reset}>
      <DialogTrigger asChild>
        <Button>
          <Webhook /> Add endpoint
        </Button>
      </DialogTrigger>
      <DialogContent
        title={created ? 'Endpoint added' : 'Add a webhook endpoint'}
        description={created ? undefined : 'Switchboard POSTs each chosen event to this URL, signed.'}
        // The show-once secret must not vanish on a stray click; the form asks before dropping what was typed.
        onInteractOutside={(event) => created && event.preventDefault()}
        onDismiss={created ? undefined : () => guard(() => reset(false))}
      >
        {created ? (
          <ShowSecretOnce created={created} onDone={() => reset(false)} />
        ) : (
          <form className="grid gap-4" onSubmit={submit} noValidate>
            <Field id="webhook-url" label="URL" error={fieldErrors.url} hint="https:// on a public address.">
              <Input
                id="webhook-url"
                value={url}
                placeholder="https://example.com/switchboard-events"
                aria-invalid={Boolean(fieldErrors.url)}
                onChange={(event) => setUrl(event.target.value)}
              />
            </Field>
            <Field id="webhook-description" label="Description" error={fieldErrors.description}>
              <Input
                id="webhook-description"
                value={description}
                onChange={(event) => setDescription(event.target.value)}
              />
            </Field>
            <ChecklistField
              legend="Events"
              options={offeredEvents.map((type) => ({ key: type, description: EVENT_DESCRIPTIONS[type] }))}
              chosen={eventTypes}
              onChange={setEventTypes}
              error={fieldErrors.eventTypes}
            />
            {formError && <Alert tone="danger">{formError}</Alert>}
            <DialogFooter>
              <Button type="button" variant="outline" onClick={() => guard(() => reset(false))}>
                Cancel
              </Button>
              <Button type="submit" loading={pending}>
                Add endpoint
              </Button>
            </DialogFooter>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}
