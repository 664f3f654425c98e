import Link from 'next/link';
import type { ReactNode } from 'react';
import { cn } from '@/lib/cn';
import { formatDate } from '@/lib/format';

/** One row of a resource list (agents, tools): icon, name, a line of facts, a badge and the last change. */
export function ResourceLinkRow({
  href,
  icon,
  iconClassName,
  title,
  facts,
  badge,
  updatedAt,
}: {
  href: string;
  icon: ReactNode;
  iconClassName?: string;
  title: string;
  facts: ReactNode;
  badge: ReactNode;
  updatedAt: string;
}) {
  return (
    <li>
      <Link href={href} className="flex flex-wrap items-center gap-x-4 gap-y-1 px-5 py-3 hover:bg-subtle">
        <span
          className={cn(
            'flex size-9 items-center justify-center rounded-lg bg-subtle text-muted [&_svg]:size-4',
            iconClassName,
          )}
        >
          {icon}
        </span>
        <span className="grid min-w-0 flex-1">
          <span className="truncate font-medium">{title}</span>
          <span className="truncate text-sm text-muted">{facts}</span>
        </span>
        {badge}
        <span className="hidden w-32 text-right text-sm text-muted sm:block">{formatDate(updatedAt)}</span>
      </Link>
    </li>
  );
}
