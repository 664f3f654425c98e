/** A location in a document as people read it: `paths./pets/{id}.get.parameters.0`. */
export function formatLocation(segments: readonly (string | number)[]): string {
  return segments.map(String).join('.') || 'the document root';
}

/** `#/paths/~1pets/get` or `/paths/~1pets/get` → `['paths', '/pets', 'get']`. */
export function pointerSegments(pointer: string): string[] {
  const path = pointer.replace(/^#/, '');
  if (!path || path === '/') return [];
  return path
    .split('/')
    .slice(1)
    .map((s) => decodeURIComponent(s).replace(/~1/g, '/').replace(/~0/g, '~'));
}
