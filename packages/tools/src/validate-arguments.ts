import { createHash } from 'node:crypto';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { ToolCallError, type ToolFunctionDefinition } from './tool-function.ts';

// ajv-formats is CommonJS; under NodeNext its default import is typed as the module, not the function.
const addFormats = addFormatsModule.default;

// strict: false because stored schemas come from users and imported OpenAPI documents, which carry
// keywords and formats Ajv does not know (`x-…`, GitHub's `repo.nwo`); those are ignored rather than make
// a function unusable, and without a log line per compiled schema.
const ajv = new Ajv({ strict: false, allErrors: true, logger: false });
addFormats(ajv);

type SchemaOwner = Pick<ToolFunctionDefinition, 'name' | 'parameters'>;

/**
 * Validators by the hash of their schema's JSON, compiled once per process for every call that uses the same
 * schema: each call loads its tools afresh (new objects), and compiling costs milliseconds per schema, where
 * validating costs microseconds. Stored schemas come out of jsonb with their keys in one order, so the same
 * schema hashes the same. Bounded: past the limit the oldest is dropped, from Ajv's own cache too.
 */
const MAX_VALIDATORS = 2_000;
const validators = new Map<string, { schema: object; validate: ValidateFunction }>();
/** The hash per schema object, so that a call's own functions hash their schema once. */
const hashes = new WeakMap<object, string>();

function validatorFor(fn: SchemaOwner): ValidateFunction {
  let hash = hashes.get(fn.parameters);
  if (hash === undefined) {
    hash = createHash('sha256').update(JSON.stringify(fn.parameters)).digest('base64url');
    hashes.set(fn.parameters, hash);
  }
  const cached = validators.get(hash);
  if (cached) return cached.validate;
  let validate: ValidateFunction;
  try {
    validate = ajv.compile(fn.parameters);
  } catch (error) {
    // A schema Ajv cannot compile is a configuration problem the model cannot fix; say so plainly.
    const reason = error instanceof Error ? error.message : String(error);
    throw new ToolCallError(`The function ${fn.name} has an invalid parameters schema: ${reason}`);
  }
  validators.set(hash, { schema: fn.parameters, validate });
  if (validators.size > MAX_VALIDATORS) {
    const [oldest, entry] = validators.entries().next().value as [string, { schema: object }];
    validators.delete(oldest);
    ajv.removeSchema(entry.schema);
  }
  return validate;
}

/**
 * Why a function's parameters schema cannot be used (Ajv refuses it, e.g. `"type": "strng"`), in words for
 * the person saving the tool; undefined when it compiles. The same compile the calls use, so it is cached.
 */
export function parametersSchemaProblem(fn: SchemaOwner): string | undefined {
  try {
    validatorFor(fn);
    return undefined;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return `The parameters of ${fn.name} are not a valid JSON Schema: ${reason
      .replace(/^The function \S+ has an invalid parameters schema: /, '')
      .replace(/^schema is invalid: /, '')
      .replaceAll('data/', '')}`;
  }
}

/** `/items/0/name` → `items[0].name`; the root is called "arguments". */
function fieldPath(instancePath: string, child?: string): string {
  const segments = instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (child !== undefined) segments.push(child);
  let path = '';
  for (const segment of segments) {
    if (/^\d+$/.test(segment)) path += `[${segment}]`;
    else path += path ? `.${segment}` : segment;
  }
  return path || 'arguments';
}

function describe(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return `"${fieldPath(error.instancePath, String(params.missingProperty))}" is required`;
    case 'additionalProperties':
      return `"${fieldPath(error.instancePath, String(params.additionalProperty))}" is not allowed`;
    case 'type':
      return `"${fieldPath(error.instancePath)}" must be ${String(params.type)}`;
    case 'enum':
      return `"${fieldPath(error.instancePath)}" must be one of ${(params.allowedValues as unknown[])
        .map((v) => JSON.stringify(v))
        .join(', ')}`;
    case 'const':
      return `"${fieldPath(error.instancePath)}" must be ${JSON.stringify(params.allowedValue)}`;
    default:
      return `"${fieldPath(error.instancePath)}" ${error.message ?? 'is invalid'}`;
  }
}

/**
 * Checks a model's arguments against the function's JSON Schema and returns them as an object. Throws a
 * ToolCallError naming every problem (`Invalid arguments for create_order: "quantity" must be integer;
 * "email" is required`) so the model can correct itself on the next turn. Arguments are not coerced or
 * defaulted: what the model sent is what is executed.
 */
export function validateArguments(fn: SchemaOwner, args: unknown): Record<string, unknown> {
  // Models sometimes call a function without arguments at all; treat that as an empty object.
  const value = args === undefined || args === null ? {} : args;
  const validate = validatorFor(fn);
  if (!validate(value)) {
    const problems = [...new Set((validate.errors ?? []).map(describe))];
    throw new ToolCallError(`Invalid arguments for ${fn.name}: ${problems.join('; ') || 'rejected'}`);
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    // Only reachable when the schema itself is not an object schema.
    throw new ToolCallError(`Invalid arguments for ${fn.name}: arguments must be an object`);
  }
  return value as Record<string, unknown>;
}
