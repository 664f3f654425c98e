import { Inbox } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { Logo } from '@/components/logo';

export const metadata: Metadata = { title: 'Mailbox' };

/** The local mailbox, for platform admins (the API decides; the page explains a refusal). */
export default function MailboxLayout({ children }: { children: ReactNode }) {
  return (
    <div className="min-h-dvh">
      <header className="border-b border-border bg-surface">
        <div className="mx-auto flex max-w-5xl items-center justify-between px-4 py-3 sm:px-8">
          <Link href="/">
            <Logo />
          </Link>
          <Link
            href="/mailbox"
            className="flex items-center gap-2 text-sm font-medium text-muted hover:text-foreground"
          >
            <Inbox className="size-4" /> Local mailbox
          </Link>
        </div>
      </header>
      <main className="mx-auto max-w-5xl px-4 py-8 sm:px-8">{children}</main>
    </div>
  );
}
