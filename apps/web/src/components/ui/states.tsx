import { AlertTriangle, Loader2 } from 'lucide-react';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { ApiError, errorMessage } from '@/lib/api';
import { Button } from './button';

export function LoadingState({ label = 'Loading…' }: { label?: string }) {
  return (
    <div role="status" className="flex items-center justify-center gap-2 py-16 text-sm text-muted">
      <Loader2 className="size-4 animate-spin" aria-hidden />
      {label}
    </div>
  );
}

/**
 * A page or card that failed to load. An address naming nothing (404, or an id that is not one: the API's
 * 400 would quote its schema) says so in words, without a retry, and offers `back`.
 */
export function ErrorState({
  error,
  onRetry,
  back,
}: {
  error: unknown;
  onRetry?: () => void;
  back?: { href: string; label: string };
}) {
  const missing =
    error instanceof ApiError &&
    (error.status === 404 || (error.status === 400 && error.code === 'VALIDATION_ERROR'));
  return (
    <div role="alert" className="flex flex-col items-center gap-3 py-16 text-center">
      <AlertTriangle className="size-6 text-danger" aria-hidden />
      <div>
        <p className="font-medium">{missing ? 'Not found' : 'This could not be loaded'}</p>
        <p className="text-sm text-muted">
          {missing
            ? 'Nothing exists at this address: the link is wrong, or what it pointed to was deleted.'
            : errorMessage(error)}
        </p>
      </div>
      {back && (
        <Link className="text-sm text-primary underline" href={back.href}>
          {back.label}
        </Link>
      )}
      {onRetry && !missing && (
        <Button variant="outline" size="sm" onClick={onRetry}>
          Try again
        </Button>
      )}
    </div>
  );
}

export function EmptyState({
  icon,
  title,
  children,
}: {
  icon: ReactNode;
  title: string;
  children?: ReactNode;
}) {
  return (
    <div className="flex flex-col items-center gap-2 px-6 py-12 text-center">
      <div className="rounded-full bg-subtle p-3 text-muted [&_svg]:size-5">{icon}</div>
      <p className="font-medium">{title}</p>
      {children && <div className="max-w-sm text-sm text-muted">{children}</div>}
    </div>
  );
}
