import { type FieldProblem, invalidFields } from '@switchboard/core/errors';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/**
 * How deep a request's JSON may nest. The deepest input the API takes, a tool's JSON Schemas, stays well
 * under (a tool made of GitHub's REST operations nests 17 levels); recursive code (JSON.stringify, zod,
 * Ajv, the PostgreSQL driver) overflows its stack a few thousand levels down.
 */
const MAX_INPUT_DEPTH = 64;

/** Reported per request at most; one is enough to fix, a few show a pattern. */
const MAX_PROBLEMS = 5;

/**
 * ES2024's String.prototype.isWellFormed (false when a surrogate is unpaired), in Node since 20: native, and
 * instant on one-byte strings, where a regular expression takes ~20 ms per MB. TypeScript's ES2023 lib lacks it.
 */
const isWellFormed = (text: string) => (text as unknown as { isWellFormed(): boolean }).isWellFormed();

/**
 * Text PostgreSQL cannot store: `text` and `jsonb` refuse NUL, `jsonb` refuses a lone surrogate, and the
 * driver turns one into U+FFFD in `text` (the value would silently change).
 */
function textProblem(text: string): string | undefined {
  if (text.includes('\u0000')) return 'must not contain a NUL character (\\u0000)';
  if (!isWellFormed(text))
    return 'must not contain an unpaired surrogate (\\ud800-\\udfff): it is not valid Unicode';
  return undefined;
}

/**
 * Every problem in one parsed input, walked with an explicit stack (a recursive walk would overflow on the
 * very input it guards against). Paths are the ones request validation uses: `config.functions.0.name`.
 */
function findProblems(input: unknown): FieldProblem[] {
  const problems = new Map<string, FieldProblem>();
  const add = (path: string[], message: string) => {
    const problem = { path: path.join('.'), message };
    problems.set(`${problem.path}\n${message}`, problem);
  };
  const stack: { value: unknown; path: string[] }[] = [{ value: input, path: [] }];
  while (stack.length > 0 && problems.size < MAX_PROBLEMS) {
    const { value, path } = stack.pop()!;
    if (typeof value === 'string') {
      const problem = textProblem(value);
      if (problem) add(path, problem);
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (path.length >= MAX_INPUT_DEPTH) {
      // The full path would be as long as the nesting; the field it started in is what the sender needs.
      add(Array.isArray(input) ? [] : path.slice(0, 1), `is nested more than ${MAX_INPUT_DEPTH} levels deep`);
      continue;
    }
    for (const [key, child] of Object.entries(value)) {
      const problem = textProblem(key);
      if (problem) add(path, `has a property name that ${problem}`);
      stack.push({ value: child, path: [...path, key] });
    }
  }
  return [...problems.values()];
}

const LOCATIONS = ['params', 'query', 'body'] as const;

function checkRequest(request: FastifyRequest): void {
  for (const where of LOCATIONS) {
    const problems = findProblems(request[where]);
    if (problems.length === 0) continue;
    throw invalidFields(
      where === 'body'
        ? problems
        : problems.map(({ path, message }) => ({ path: [where, path].filter(Boolean).join('.'), message })),
      where,
    );
  }
}

/**
 * One check of every request's parameters, query and body, before any route (better-auth's included) sees
 * them: text PostgreSQL cannot store and JSON nested deeper than MAX_INPUT_DEPTH get a 400 naming the field
 * instead of a 500 from the database or a stack overflow.
 */
export function registerInputChecks(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => checkRequest(request));
}
