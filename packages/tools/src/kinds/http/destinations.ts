import type { HttpToolConfig } from '@switchboard/contracts/tools';
import { placeholdersIn } from './templating.ts';

/**
 * The origins (scheme://host:port) an HTTP tool sends requests to: the destinations its secrets were given
 * for. The contract keeps placeholders out of the origin of a URL, so each is fixed by the configuration.
 */
export function originsOf(config: HttpToolConfig): Set<string> {
  const origins = new Set<string>();
  for (const fn of config.functions) {
    try {
      origins.add(new URL(fn.url.replace(/\{\{[^{}]*\}\}/g, 'x')).origin);
    } catch {
      // Not a URL: no request can be sent there, so no secret can either.
    }
  }
  return origins;
}

/** The secrets an HTTP tool's templates use (tool headers, function headers and query strings). */
export function secretsUsedBy(config: HttpToolConfig): Set<string> {
  const templates = [
    ...Object.values(config.headers),
    ...config.functions.flatMap((fn) => [fn.url, ...Object.values(fn.headers)]),
  ];
  return new Set(
    templates.flatMap((template) =>
      placeholdersIn(template)
        .filter((placeholder) => placeholder.kind === 'secret')
        .map((placeholder) => placeholder.name),
    ),
  );
}
