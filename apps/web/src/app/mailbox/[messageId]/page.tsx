'use client';

import { ArrowLeft, ExternalLink } from 'lucide-react';
import Link from 'next/link';
import { useParams } from 'next/navigation';
import { useMemo } from 'react';
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card';
import { LoadingState } from '@/components/ui/states';
import { formatDateTime } from '@/lib/format';
import { useMailboxMessage } from '@/lib/queries';
import { MailboxUnavailable } from '../mailbox-unavailable';

interface EmailLink {
  href: string;
  label: string;
}

/** The links of an email, so they can be followed: the preview frame is sandboxed and cannot navigate. */
function linksOf(html: string): EmailLink[] {
  const anchors = new DOMParser().parseFromString(html, 'text/html').querySelectorAll('a[href]');
  const links = new Map<string, string>();
  for (const anchor of anchors) {
    const href = anchor.getAttribute('href') ?? '';
    const label = anchor.textContent?.trim() ?? '';
    if (!/^https?:\/\//.test(href)) continue;
    if (!links.has(href) || links.get(href) === href) links.set(href, label || href);
  }
  return [...links].map(([href, label]) => ({ href, label }));
}

export default function MailboxMessagePage() {
  const { messageId } = useParams<{ messageId: string }>();
  const message = useMailboxMessage(messageId);
  const links = useMemo(() => (message.data ? linksOf(message.data.html) : []), [message.data]);

  return (
    <div className="grid gap-4">
      <Link href="/mailbox" className="flex items-center gap-1 text-sm text-muted hover:text-foreground">
        <ArrowLeft className="size-4" /> All emails
      </Link>
      {message.error ? (
        <MailboxUnavailable error={message.error} onRetry={() => void message.refetch()} />
      ) : !message.data ? (
        <LoadingState />
      ) : (
        <>
          <div className="grid gap-1">
            <h1 className="text-xl font-semibold">{message.data.subject}</h1>
            <p className="text-sm text-muted">
              To {message.data.to} · {formatDateTime(message.data.createdAt)}
            </p>
          </div>
          {links.length > 0 && (
            <Card>
              <CardHeader>
                <CardTitle>Links in this email</CardTitle>
              </CardHeader>
              <CardContent className="grid gap-2">
                {links.map((link) => (
                  <a
                    key={link.href}
                    href={link.href}
                    title={link.href}
                    className="flex min-w-0 items-center gap-2 text-sm text-primary hover:underline"
                    data-testid="email-link"
                  >
                    <ExternalLink className="size-4 shrink-0" />
                    <span className="truncate">{link.label === link.href ? link.href : link.label}</span>
                  </a>
                ))}
              </CardContent>
            </Card>
          )}
          <Card className="overflow-hidden">
            <iframe
              title="Email preview"
              sandbox=""
              srcDoc={message.data.html}
              className="h-[560px] w-full bg-white"
            />
          </Card>
        </>
      )}
    </div>
  );
}
