import type { HttpFunction, HttpToolConfig } from '@switchboard/contracts/tools';
import { parametersSchemaProblem } from '../../validate-arguments.ts';
import { secretsUsedBy } from './destinations.ts';
import { HttpToolConfigError } from './http-tool-config-error.ts';
import { compileBody, compileHeaders, compileUrl } from './templating.ts';

/** A configuration mistake, on the field it is about (`functions.0.url`, relative to the configuration). */
export interface HttpConfigProblem {
  path: string;
  message: string;
}

function check(path: string, problems: HttpConfigProblem[], compile: () => unknown): void {
  try {
    compile();
  } catch (error) {
    if (!(error instanceof HttpToolConfigError)) throw error;
    problems.push({ path, message: error.message });
  }
}

/**
 * What would make a function fail when the worker builds it (create-http-functions.ts), found when the tool
 * is saved: the same template checks, the parameters schema compiled, and duplicate names. Secrets count as
 * set here: one not set yet is the tool's `missingSecrets`, not a broken function.
 */
function functionProblems(
  fn: HttpFunction,
  index: number,
  toolHeaders: Record<string, string>,
  secrets: Record<string, string>,
): HttpConfigProblem[] {
  const at = (field: string) => `functions.${index}.${field}`;
  const where = `Function ${fn.name}:`;
  const problems: HttpConfigProblem[] = [];
  const parameterNames = new Set(Object.keys(fn.parameters.properties ?? {}));
  const schemaProblem = parametersSchemaProblem(fn);
  if (schemaProblem) problems.push({ path: at('parameters'), message: schemaProblem });
  check(at('url'), problems, () =>
    compileUrl(fn.url, fn.query ?? [], `${where} the URL`, parameterNames, secrets),
  );
  check(at('headers'), problems, () =>
    compileHeaders(toolHeaders, fn.headers ?? {}, where, parameterNames, secrets),
  );
  if (fn.body !== undefined && fn.method === 'GET') {
    problems.push({ path: at('body'), message: `${where} a GET request cannot have a body` });
  } else if (fn.body !== undefined && (fn.bodyEncoding ?? 'json') !== 'json') {
    problems.push({ path: at('body'), message: `${where} a body template is for JSON bodies only` });
  } else if (fn.body !== undefined) {
    check(at('body'), problems, () => compileBody(fn.body!, `${where} the body`, parameterNames));
  }
  return problems;
}

/** Every problem of an HTTP tool's configuration; empty when each function can be built. */
export function httpConfigProblems(config: HttpToolConfig): HttpConfigProblem[] {
  const secrets = Object.fromEntries([...secretsUsedBy(config)].map((name) => [name, '']));
  const seen = new Set<string>();
  return config.functions.flatMap((fn, index) => {
    const problems = functionProblems(fn, index, config.headers, secrets);
    if (seen.has(fn.name)) {
      problems.push({ path: `functions.${index}.name`, message: `Two functions are named ${fn.name}` });
    }
    seen.add(fn.name);
    return problems;
  });
}

/** The functions of an HTTP tool that can be built: what the model may be shown. */
export function usableHttpFunctions(config: HttpToolConfig): HttpFunction[] {
  const secrets = Object.fromEntries([...secretsUsedBy(config)].map((name) => [name, '']));
  return config.functions.filter(
    (fn, index) => functionProblems(fn, index, config.headers, secrets).length === 0,
  );
}
