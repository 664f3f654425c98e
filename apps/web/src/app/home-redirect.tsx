'use client';

import { useRouter, useSearchParams } from 'next/navigation';
import { Suspense, useEffect, useState } from 'react';
import { ErrorState, LoadingState } from '@/components/ui/states';
import { ApiError } from '@/lib/api';
import { lastOrganization } from '@/lib/last-organization';
import { useMe } from '@/lib/queries';

/** A spinner only when the answer is slow: most visitors are sent on before one would show. */
const SPINNER_DELAY_MS = 1000;

/**
 * Sends a signed-in visitor where they belong: verification, onboarding, or their organization. The `/me` it
 * reads stays in the cache for the page it sends them to, which asks no second time.
 */
function Home() {
  const router = useRouter();
  const params = useSearchParams();
  const me = useMe();
  const [slow, setSlow] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setSlow(true), SPINNER_DELAY_MS);
    return () => clearTimeout(timer);
  }, []);

  useEffect(() => {
    // A failed verification link lands here with ?error=… (the link's callback is the dashboard).
    const linkError = params.get('error');
    if (linkError) return router.replace(`/verify-email?error=${encodeURIComponent(linkError)}`);
    if (me.error instanceof ApiError && me.error.status === 401) return router.replace('/sign-in');
    if (!me.data) return;
    const { user, organizations } = me.data;
    const last = lastOrganization.get();
    const organization = organizations.find((org) => org.id === last) ?? organizations[0];
    if (organization) router.replace(`/o/${organization.id}`);
    else if (!user.emailVerified) router.replace('/verify-email');
    else router.replace('/onboarding');
  }, [me.data, me.error, params, router]);

  if (me.error && !(me.error instanceof ApiError && me.error.status === 401)) {
    return <ErrorState error={me.error} onRetry={() => void me.refetch()} />;
  }
  return slow ? <LoadingState /> : null;
}

export function HomeRedirect() {
  return (
    <Suspense>
      <Home />
    </Suspense>
  );
}
