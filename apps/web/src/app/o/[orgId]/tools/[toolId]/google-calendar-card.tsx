'use client';

import type { GoogleCalendarConfig, Tool } from '@switchboard/contracts/tools';
import { CalendarDays } from 'lucide-react';
import { type FormEvent, useState } from 'react';
import { toast } from 'sonner';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from '@/components/ui/card';
import { Field } from '@/components/ui/field';
import { Input, NativeSelect } from '@/components/ui/input';
import { client, errorMessage } from '@/lib/api';
import { useMe, useToolCatalog } from '@/lib/queries';
import { unavailableText } from '@/lib/tool-kinds';
import { useUnsavedChanges } from '@/lib/unsaved-changes';
import { useFormState } from '@/lib/use-form-state';
import { useUpdateTool } from './use-update-tool';

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

export function GoogleCalendarCard({
  orgId,
  tool,
  canWrite,
}: {
  orgId: string;
  tool: Tool;
  canWrite: boolean;
}) {
  const updateTool = useUpdateTool(orgId, tool.id);
  const [config, setConfig] = useState(tool.config as GoogleCalendarConfig);
  const { pending, formError, fieldErrors, run } = useFormState();
  const connection = config.connection;
  // Without the operator's Google client, Connect could only fail: say why instead of offering it.
  const googleKind = useToolCatalog().data?.find((kind) => kind.kind === 'google_calendar');
  const isPlatformAdmin = useMe().data?.user.isPlatformAdmin ?? false;
  const unavailable = googleKind ? unavailableText(googleKind, isPlatformAdmin) : null;
  const connected = tool.status !== 'needs_connection';
  const patch = (change: Partial<GoogleCalendarConfig>) =>
    setConfig((current) => ({ ...current, ...change }));
  const hours = config.workingHours;
  useUnsavedChanges(JSON.stringify(config) !== JSON.stringify(tool.config));

  async function connect() {
    try {
      const { authorizationUrl } = await client.POST('/orgs/{orgId}/tools/{toolId}/google/connect', {
        params: { path: { orgId, toolId: tool.id } },
      });
      window.location.assign(authorizationUrl);
    } catch (error) {
      toast.error(errorMessage(error));
    }
  }

  async function disconnect() {
    try {
      await client.POST('/orgs/{orgId}/tools/{toolId}/google/disconnect', {
        params: { path: { orgId, toolId: tool.id } },
      });
      await updateTool({});
      toast.success('Google account disconnected; access is being revoked');
    } catch (error) {
      toast.error(errorMessage(error));
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    void run(async () => {
      await updateTool({ config });
      toast.success('Calendar settings saved');
    });
  }

  return (
    <Card>
      <form onSubmit={submit} noValidate>
        <CardHeader>
          <CardTitle className="flex items-center gap-2">
            <CalendarDays className="size-4 text-muted" /> Google Calendar
          </CardTitle>
          <CardDescription>
            {connected && connection?.email
              ? `Connected as ${connection.email}.`
              : connected
                ? 'Connected.'
                : 'Not connected yet: an administrator signs in with Google and allows calendar access.'}
          </CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4">
          {unavailable && <Alert>{unavailable}</Alert>}
          {canWrite && googleKind?.available && (
            <div className="flex flex-wrap gap-2">
              <Button
                type="button"
                variant={connected ? 'outline' : 'primary'}
                onClick={() => void connect()}
              >
                {connected ? 'Reconnect Google' : 'Connect Google'}
              </Button>
              {connected && (
                <Button type="button" variant="ghost" onClick={() => void disconnect()}>
                  Disconnect
                </Button>
              )}
            </div>
          )}
          <Field id="calendar" label="Calendar">
            {connection && connection.calendars.length > 0 ? (
              <NativeSelect
                id="calendar"
                value={config.calendarId}
                disabled={!canWrite}
                onChange={(event) => patch({ calendarId: event.target.value })}
              >
                {connection.calendars.map((calendar) => (
                  <option key={calendar.id} value={calendar.primary ? 'primary' : calendar.id}>
                    {calendar.summary}
                    {calendar.primary ? ' (primary)' : ''}
                  </option>
                ))}
              </NativeSelect>
            ) : (
              <Input
                id="calendar"
                value={config.calendarId}
                disabled={!canWrite}
                onChange={(event) => patch({ calendarId: event.target.value })}
              />
            )}
          </Field>
          <div className="grid gap-4 sm:grid-cols-2">
            <Field id="time-zone" label="Time zone" error={fieldErrors['config.timeZone']}>
              <Input
                id="time-zone"
                value={config.timeZone}
                disabled={!canWrite}
                onChange={(event) => patch({ timeZone: event.target.value })}
              />
            </Field>
            <Field id="event-minutes" label="Appointment length (minutes)">
              <Input
                id="event-minutes"
                type="number"
                value={config.defaultEventMinutes}
                disabled={!canWrite}
                onChange={(event) => patch({ defaultEventMinutes: Number(event.target.value) })}
              />
            </Field>
          </div>
          <fieldset className="grid gap-2">
            <legend className="mb-1 text-sm font-medium">Working hours</legend>
            <div className="flex flex-wrap gap-1">
              {WEEKDAYS.map((label, index) => {
                const day = index + 1;
                const on = hours.days.includes(day);
                return (
                  <label
                    key={label}
                    className="flex items-center gap-1 rounded-md border border-border px-2 py-1 text-xs"
                  >
                    <input
                      type="checkbox"
                      className="accent-primary"
                      checked={on}
                      disabled={!canWrite}
                      onChange={(event) =>
                        patch({
                          workingHours: {
                            ...hours,
                            days: event.target.checked
                              ? [...hours.days, day].sort()
                              : hours.days.filter((other) => other !== day),
                          },
                        })
                      }
                    />
                    {label}
                  </label>
                );
              })}
            </div>
            <div className="flex items-center gap-2 text-sm">
              <Input
                aria-label="Opens at"
                type="time"
                className="w-32"
                value={hours.start}
                disabled={!canWrite}
                onChange={(event) => patch({ workingHours: { ...hours, start: event.target.value } })}
              />
              to
              <Input
                aria-label="Closes at"
                type="time"
                className="w-32"
                value={hours.end}
                disabled={!canWrite}
                onChange={(event) => patch({ workingHours: { ...hours, end: event.target.value } })}
              />
            </div>
          </fieldset>
          {formError && <Alert tone="danger">{formError}</Alert>}
        </CardContent>
        {canWrite && (
          <CardFooter>
            <Button type="submit" loading={pending}>
              Save settings
            </Button>
          </CardFooter>
        )}
      </form>
    </Card>
  );
}
