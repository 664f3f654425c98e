'use client';

import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { Toaster } from 'sonner';
import { ApiError } from '@/lib/api';
import { UnsavedChangesGuard } from '@/lib/unsaved-changes';

export function Providers({ children }: { children: ReactNode }) {
  const [client] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          queries: {
            // A 4xx will not change by asking again; a dropped connection (status 0) or a 5xx might.
            retry: (count, error) =>
              count < 2 && !(error instanceof ApiError && error.status >= 400 && error.status < 500),
            refetchOnWindowFocus: false,
          },
        },
      }),
  );
  return (
    <QueryClientProvider client={client}>
      {children}
      <UnsavedChangesGuard />
      {/* At the top: the Save bars and dialog buttons sit at the bottom, where a toast would cover them. */}
      <Toaster position="top-center" richColors closeButton />
    </QueryClientProvider>
  );
}
