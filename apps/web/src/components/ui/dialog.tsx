'use client';

import * as DialogPrimitive from '@radix-ui/react-dialog';
import { X } from 'lucide-react';
import { type ComponentProps, type ReactNode, useRef } from 'react';
import { cn } from '@/lib/cn';

export const Dialog = DialogPrimitive.Root;
export const DialogTrigger = DialogPrimitive.Trigger;
export const DialogClose = DialogPrimitive.Close;

export function DialogContent({
  className,
  children,
  title,
  description,
  onDismiss,
  ...props
}: ComponentProps<typeof DialogPrimitive.Content> & {
  title: string;
  description?: ReactNode;
  /**
   * Given, Escape, a click outside and the close button call it instead of closing the dialog (an editor
   * that asks before discarding its changes closes it itself).
   */
  onDismiss?: () => void;
}) {
  // Radix gives focus back to a DialogTrigger on close; a dialog opened by state (a select's change, a row's
  // button) has none, so focus goes back to whatever had it when the dialog opened, if it is still there.
  const opener = useRef<Element | null>(null);
  const dismiss = onDismiss
    ? (event: Event | { preventDefault: () => void }) => {
        event.preventDefault();
        onDismiss();
      }
    : undefined;
  return (
    <DialogPrimitive.Portal>
      <DialogPrimitive.Overlay className="fixed inset-0 z-40 bg-slate-900/40 backdrop-blur-[1px]" />
      <DialogPrimitive.Content
        className={cn(
          'fixed left-1/2 top-1/2 z-50 grid w-[calc(100%-2rem)] max-w-md -translate-x-1/2 -translate-y-1/2 gap-4 rounded-xl border border-border bg-surface p-6 shadow-xl',
          className,
        )}
        {...(description ? {} : { 'aria-describedby': undefined })}
        {...(dismiss && { onEscapeKeyDown: dismiss, onPointerDownOutside: dismiss })}
        onOpenAutoFocus={() => {
          opener.current = document.activeElement;
        }}
        onCloseAutoFocus={(event) => {
          const element = opener.current;
          if (element instanceof HTMLElement && element.isConnected && element !== document.body) {
            event.preventDefault();
            element.focus();
          }
        }}
        {...props}
      >
        <div className="grid gap-1.5 pr-6">
          <DialogPrimitive.Title className="text-lg font-semibold">{title}</DialogPrimitive.Title>
          {description && (
            <DialogPrimitive.Description className="text-sm text-muted">
              {description}
            </DialogPrimitive.Description>
          )}
        </div>
        {children}
        <DialogPrimitive.Close
          onClick={dismiss}
          className="absolute right-4 top-4 rounded-sm text-muted hover:text-foreground"
        >
          <X className="size-4" />
          <span className="sr-only">Close</span>
        </DialogPrimitive.Close>
      </DialogPrimitive.Content>
    </DialogPrimitive.Portal>
  );
}

export function DialogFooter({ className, ...props }: ComponentProps<'div'>) {
  return (
    <div className={cn('flex flex-col-reverse gap-2 sm:flex-row sm:justify-end', className)} {...props} />
  );
}
