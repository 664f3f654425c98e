'use client';

import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useSyncExternalStore } from 'react';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent, DialogFooter } from '@/components/ui/dialog';

/*
 * The one guard against losing edits. Next.js App Router cannot block a route change, so while any editor
 * holds unsaved changes this module asks "Discard changes?" before: an in-app link click (one capturing
 * listener on the document, so the sidebar and every page's links are covered), browser Back (a guard
 * history entry on top of the editor's, so Back lands on the editor's own entry and can be undone), reload or
 * closing the tab (the browser's own beforeunload prompt), and closing an editor's dialog (`guard`).
 */

/** One token per editor with unsaved changes; cleared at once when the user chooses to discard. */
const holders = new Set<symbol>();
let question: { resolve: (discard: boolean) => void } | undefined;
/** Set while this module itself moves through history, so its own popstate is not asked about. */
let ownTraversal = false;
const listeners = new Set<() => void>();
const notify = () => {
  for (const listener of listeners) listener();
};
const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

const GUARD_STATE = '__switchboardUnsaved';
const atGuardEntry = () => Boolean((window.history.state as Record<string, unknown> | null)?.[GUARD_STATE]);

/** Puts the guard entry on top of the editor's own (no URL: Next.js copies its state into it). */
function pushGuardEntry() {
  if (!atGuardEntry()) window.history.pushState({ [GUARD_STATE]: true }, '');
}

function hold(): () => void {
  const token = Symbol('unsaved');
  holders.add(token);
  pushGuardEntry();
  return () => {
    if (!holders.delete(token)) return;
    // Saved or reverted on the page: step off the guard entry so Back leaves at once again. (When the
    // editor unmounts because the page changed, the current entry is already the new page's.)
    if (holders.size === 0 && atGuardEntry()) {
      ownTraversal = true;
      window.history.back();
    }
  };
}

/** Asks "Discard changes?" when an editor holds unsaved changes; true when there is nothing to lose. */
export function confirmDiscard(): Promise<boolean> {
  if (holders.size === 0) return Promise.resolve(true);
  question?.resolve(false);
  return new Promise((resolve) => {
    question = {
      resolve: (discard) => {
        question = undefined;
        notify();
        resolve(discard);
      },
    };
    notify();
  });
}

/**
 * Marks the calling editor as holding unsaved changes while `dirty`. Returns `guard(action)`, which runs
 * `action` at once when nothing changed, and after "Discard changes?" otherwise (for Cancel buttons and
 * closing a dialog).
 */
export function useUnsavedChanges(dirty: boolean) {
  useEffect(() => (dirty ? hold() : undefined), [dirty]);
  return useCallback(
    (action: () => void) => {
      if (!dirty) return action();
      void confirmDiscard().then((discard) => discard && action());
    },
    [dirty],
  );
}

/** A click that would leave the page for another one of this app, in this tab. */
function leavingLink(event: MouseEvent): string | undefined {
  if (event.defaultPrevented || event.button !== 0) return undefined;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return undefined;
  const anchor = (event.target as Element | null)?.closest?.('a[href]');
  if (!(anchor instanceof HTMLAnchorElement) || anchor.hasAttribute('download')) return undefined;
  if (anchor.target && anchor.target !== '_self') return undefined;
  const url = new URL(anchor.href, window.location.href);
  if (url.origin !== window.location.origin) return undefined;
  if (url.pathname === window.location.pathname && url.search === window.location.search) return undefined;
  return `${url.pathname}${url.search}${url.hash}`;
}

/** Mounted once (providers.tsx): the listeners and the "Discard changes?" dialog. */
export function UnsavedChangesGuard() {
  const router = useRouter();
  const asking = useSyncExternalStore(
    subscribe,
    () => question !== undefined,
    () => false,
  );

  useEffect(() => {
    function onClick(event: MouseEvent) {
      if (holders.size === 0) return;
      const href = leavingLink(event);
      if (!href) return;
      // Before Next.js's Link handler (React listens on the root, below the document).
      event.preventDefault();
      event.stopPropagation();
      void confirmDiscard().then((discard) => {
        if (!discard) return;
        // Replace the guard entry, so Back from the next page returns to the editor once, not twice.
        const replace = atGuardEntry();
        holders.clear();
        if (replace) router.replace(href);
        else router.push(href);
      });
    }
    function onPopState() {
      if (ownTraversal) {
        ownTraversal = false;
        // An editor became dirty again while this module stepped off its guard entry: put it back.
        if (holders.size > 0) pushGuardEntry();
        return;
      }
      // Back from the guard entry lands on the editor's own entry: the page has not changed yet.
      if (holders.size === 0 || atGuardEntry()) return;
      void confirmDiscard().then((discard) => {
        if (discard) {
          holders.clear();
          ownTraversal = true;
          window.history.back();
        } else {
          pushGuardEntry();
        }
      });
    }
    function onBeforeUnload(event: BeforeUnloadEvent) {
      if (holders.size === 0) return;
      event.preventDefault();
      // Older browsers show their prompt only when returnValue is set.
      event.returnValue = '';
    }
    document.addEventListener('click', onClick, true);
    window.addEventListener('popstate', onPopState);
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => {
      document.removeEventListener('click', onClick, true);
      window.removeEventListener('popstate', onPopState);
      window.removeEventListener('beforeunload', onBeforeUnload);
    };
  }, [router]);

  return (
    <Dialog open={asking} onOpenChange={(open) => !open && question?.resolve(false)}>
      <DialogContent title="Discard changes?" description="Your unsaved changes on this page will be lost.">
        <DialogFooter>
          <Button variant="outline" onClick={() => question?.resolve(false)}>
            Keep editing
          </Button>
          <Button variant="danger" onClick={() => question?.resolve(true)}>
            Discard changes
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
