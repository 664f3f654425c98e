'use client';

import { ArrowLeft, ExternalLink } from 'lucide-react';
import Link from 'next/link';
import { useParams } from 'next/navigation';
import { useMemo } from 'react';
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card';
import { ErrorState, LoadingState } from '@/components/ui/states';
import { formatDateTime } from '@/lib/format';
import { useMailboxMessage } from '@/lib/queries';

/** The links of an email, so they can be followed: the preview frame is sandboxed and cannot navigate. */
function linksOf(html: string): string[] {
  const anchors = new DOMParser().parseFromString(html, 'text/html').querySelectorAll('a[href]');
  return [...new Set([...anchors].map((anchor) => anchor.getAttribute('href') ?? ''))].filter((href) =>
    /^https?:\/\//.test(href),
  );
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
        <ErrorState error={message.error} onRetry={() => void message.refetch()} />
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
                {links.map((href) => (
                  <a
                    key={href}
                    href={href}
                    className="flex items-center gap-2 break-all text-sm text-primary hover:underline"
                    data-testid="email-link"
                  >
                    <ExternalLink className="size-4 shrink-0" /> {href}
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
