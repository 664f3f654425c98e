import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const GENERATED_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'schema.generated.ts');

/**
 * Writes (or, with `verify`, checks) the Kysely row types from a migrated database. The migrations are the
 * source of truth; this file follows them.
 */
export async function generateSchemaTypes({ url, verify = false }: { url: string; verify?: boolean }) {
  const cli = createRequire(import.meta.url).resolve('kysely-codegen/dist/cli/bin.js');
  const args = [
    cli,
    '--url',
    url,
    '--dialect',
    'postgres',
    '--camel-case',
    '--include-pattern',
    '(public|auth).*',
    '--exclude-pattern',
    'public.pgmigrations',
    '--out-file',
    GENERATED_FILE,
    '--log-level',
    'error',
  ];
  if (verify) args.push('--verify');
  await promisify(execFile)(process.execPath, args);
}
