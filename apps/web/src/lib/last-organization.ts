/**
 * The cookie naming the organization a user last worked in: `/` reads it on the server and sends a
 * signed-in visitor straight there, before any script runs (app/page.tsx). Only an id, never trusted: the
 * organization's page still asks the API, and forgets it when the user is no longer a member.
 */
export const LAST_ORGANIZATION_COOKIE = 'switchboard-last-organization';
const YEAR_SECONDS = 365 * 24 * 60 * 60;

function write(value: string, maxAge: number) {
  const secure = window.location.protocol === 'https:' ? '; secure' : '';
  // biome-ignore lint/suspicious/noDocumentCookie: the Cookie Store API is not in every browser the dashboard supports.
  document.cookie = `${LAST_ORGANIZATION_COOKIE}=${encodeURIComponent(value)}; path=/; max-age=${maxAge}; samesite=lax${secure}`;
}

/** The organization a user last worked in, so the dashboard reopens there. */
export const lastOrganization = {
  get: (): string | null => {
    if (typeof document === 'undefined') return null;
    const entry = document.cookie.split('; ').find((part) => part.startsWith(`${LAST_ORGANIZATION_COOKIE}=`));
    return entry ? decodeURIComponent(entry.slice(LAST_ORGANIZATION_COOKIE.length + 1)) : null;
  },
  set: (orgId: string) => write(orgId, YEAR_SECONDS),
  clear: () => write('', 0),
};
