'use client';

import type { ReactNode } from 'react';
import { Button } from './button';
import { Dialog, DialogContent, DialogFooter } from './dialog';

/**
 * Asks before a destructive or privileged action, saying what will happen. Open while `open`; Cancel, Escape
 * and a click outside call `onCancel`. Focus goes back to whatever had it before (the select or button that
 * asked), as Radix's dialog restores it on close.
 */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  tone = 'danger',
  busy = false,
  onConfirm,
  onCancel,
}: {
  open: boolean;
  title: string;
  /** What will happen, in words. */
  children: ReactNode;
  confirmLabel: string;
  tone?: 'danger' | 'primary';
  busy?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  return (
    <Dialog open={open} onOpenChange={(next) => !next && onCancel()}>
      {open && (
        <DialogContent title={title} description={children}>
          <DialogFooter>
            <Button variant="outline" onClick={onCancel}>
              Cancel
            </Button>
            <Button variant={tone} loading={busy} onClick={onConfirm}>
              {confirmLabel}
            </Button>
          </DialogFooter>
        </DialogContent>
      )}
    </Dialog>
  );
}
