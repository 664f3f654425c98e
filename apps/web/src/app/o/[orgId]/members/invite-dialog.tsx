'use client';

import type { Role } from '@switchboard/contracts/permissions';
import { useQueryClient } from '@tanstack/react-query';
import { UserPlus } from 'lucide-react';
import { type FormEvent, useState } from 'react';
import { toast } from 'sonner';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent, DialogFooter, DialogTrigger } from '@/components/ui/dialog';
import { Field } from '@/components/ui/field';
import { Input, NativeSelect } from '@/components/ui/input';
import { client } from '@/lib/api';
import { keys } from '@/lib/queries';
import { useUnsavedChanges } from '@/lib/unsaved-changes';
import { useFormState } from '@/lib/use-form-state';

const DEFAULT_ROLE = 'member';

export function InviteDialog({ orgId, grantableRoles }: { orgId: string; grantableRoles: Role[] }) {
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState(DEFAULT_ROLE);
  const { pending, formError, fieldErrors, run } = useFormState();
  const guard = useUnsavedChanges(email !== '' || role !== DEFAULT_ROLE);

  function close() {
    setOpen(false);
    setEmail('');
    setRole(DEFAULT_ROLE);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    void run(async () => {
      const invitation = await client.POST('/orgs/{orgId}/invitations', {
        params: { path: { orgId } },
        body: { email, role },
      });
      await queryClient.invalidateQueries({ queryKey: keys.invitations(orgId) });
      toast.success(`Invitation sent to ${invitation.email}`);
      close();
    });
  }

  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button>
          <UserPlus /> Invite member
        </Button>
      </DialogTrigger>
      <DialogContent
        title="Invite a teammate"
        description="They get an email with a link that is valid for seven days."
        onDismiss={() => guard(close)}
      >
        <form className="grid gap-4" onSubmit={submit} noValidate>
          <Field id="invite-email" label="Email" error={fieldErrors.email}>
            <Input
              id="invite-email"
              type="email"
              placeholder="teammate@company.com"
              value={email}
              aria-invalid={Boolean(fieldErrors.email)}
              onChange={(event) => setEmail(event.target.value)}
            />
          </Field>
          <Field
            id="invite-role"
            label="Role"
            error={fieldErrors.role}
            hint={grantableRoles.find((candidate) => candidate.key === role)?.description}
          >
            <NativeSelect id="invite-role" value={role} onChange={(event) => setRole(event.target.value)}>
              {grantableRoles.map((candidate) => (
                <option key={candidate.key} value={candidate.key}>
                  {candidate.name}
                </option>
              ))}
            </NativeSelect>
          </Field>
          {formError && <Alert tone="danger">{formError}</Alert>}
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => guard(close)}>
              Cancel
            </Button>
            <Button type="submit" loading={pending}>
              Send invitation
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
