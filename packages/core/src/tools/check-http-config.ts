import type { HttpToolConfig } from '@switchboard/contracts/tools';
import { httpConfigProblems } from '@switchboard/tools/kinds/http/http-config-problems';
import { invalidFields } from '../errors.ts';

/**
 * Refuses an HTTP tool configuration with a function the worker could not build (a URL without http(s)://,
 * a secret in the URL path, an undeclared argument, a parameters schema that is not JSON Schema…), naming
 * each field, so a broken function is never saved as Ready.
 */
export function checkHttpConfig(config: HttpToolConfig): void {
  const problems = httpConfigProblems(config);
  if (problems.length > 0) {
    throw invalidFields(problems.map(({ path, message }) => ({ path: `config.${path}`, message })));
  }
}
