const KEY = 'switchboard:last-organization';

/** The organization a user last worked in, so the dashboard reopens there. */
export const lastOrganization = {
  get: (): string | null => (typeof window === 'undefined' ? null : window.localStorage.getItem(KEY)),
  set: (orgId: string) => window.localStorage.setItem(KEY, orgId),
};
