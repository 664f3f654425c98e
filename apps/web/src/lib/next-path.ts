/** Where to go after signing in: only a path on this site, so a crafted link cannot send users elsewhere. */
export function safeNextPath(next: string | null | undefined, fallback = '/'): string {
  return next?.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : fallback;
}
