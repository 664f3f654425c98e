/**
 * Copies a dereferenced schema into a plain JSON Schema a model provider accepts: a tree (no shared or
 * circular objects, no `$ref`), without the OpenAPI-only keywords that cost tokens and mean nothing to a
 * model (`example`, `xml`, `externalDocs`, `discriminator`, `x-…`), with OpenAPI 3.0's boolean
 * `exclusiveMinimum`/`exclusiveMaximum` rewritten for JSON Schema, and `nullable` kept only next to a
 * `type` (Ajv, which validates the arguments, rejects it elsewhere; next to `oneOf`/`anyOf` it becomes a
 * `{ type: 'null' }` alternative).
 *
 * A recursive schema is expanded MAX_RECURSION times, then cut to
 * `{ type: 'object', description: '<name> (recursive)' }`.
 */

/** How many times the same schema may appear inside itself before it is cut. */
const MAX_RECURSION = 2;
/** Schema objects copied for one function at most; beyond, subtrees are cut (guards against blow-ups). */
const MAX_NODES = 20_000;

const DROPPED = new Set(['example', 'xml', 'externalDocs', 'discriminator']);
/** Keywords whose value is a map of name → schema. */
const SCHEMA_MAPS = new Set([
  'properties',
  'patternProperties',
  'dependentSchemas',
  'dependencies',
  '$defs',
  'definitions',
]);
/** Keywords whose value is a schema. */
const SCHEMAS = new Set([
  'items',
  'additionalItems',
  'additionalProperties',
  'unevaluatedItems',
  'unevaluatedProperties',
  'contains',
  'contentSchema',
  'propertyNames',
  'not',
  'if',
  'then',
  'else',
]);
/** Keywords whose value is a list of schemas. */
const SCHEMA_LISTS = new Set(['allOf', 'anyOf', 'oneOf', 'prefixItems']);

export interface InlineContext {
  /** The `$ref` each dereferenced object came from, to name what was cut. */
  refNames: WeakMap<object, string>;
  /** Where problems are reported. */
  warn(message: string): void;
  /** Location used in warnings, e.g. `GET /pets`. */
  where: string;
}

interface WalkState {
  context: InlineContext;
  ancestors: object[];
  nodes: number;
  isTruncated: boolean;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nameOf(schema: Record<string, unknown>, context: InlineContext): string {
  const ref = context.refNames.get(schema);
  if (ref) return ref.slice(ref.lastIndexOf('/') + 1);
  return typeof schema.title === 'string' ? schema.title : 'value';
}

function walk(schema: unknown, state: WalkState): unknown {
  if (Array.isArray(schema)) return schema.map((s) => walk(s, state));
  if (!isObject(schema)) return schema;
  const { context } = state;

  if (typeof schema.$ref === 'string') {
    // The dereferencer leaves external references (never fetched) and ones that lead nowhere (a $ref to
    // itself, a malformed pointer).
    const problem = schema.$ref.startsWith('#') ? 'could not be resolved' : 'points outside the document';
    context.warn(`${context.where}: the reference "${schema.$ref}" ${problem} and was left out`);
    return { description: `Not imported: ${schema.$ref}` };
  }
  const seen = state.ancestors.filter((a) => a === schema).length;
  if (seen >= MAX_RECURSION) return { type: 'object', description: `${nameOf(schema, context)} (recursive)` };
  if (++state.nodes > MAX_NODES) {
    if (!state.isTruncated) context.warn(`${context.where}: the schema is very large and was cut short`);
    state.isTruncated = true;
    return { type: 'object', description: `${nameOf(schema, context)} (omitted: schema too large)` };
  }

  state.ancestors.push(schema);
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (DROPPED.has(key) || key.startsWith('x-')) continue;
    if (SCHEMA_MAPS.has(key) && isObject(value)) {
      copy[key] = Object.fromEntries(Object.entries(value).map(([name, s]) => [name, walk(s, state)]));
    } else if (SCHEMAS.has(key) || SCHEMA_LISTS.has(key)) {
      copy[key] = walk(value, state);
    } else {
      // Data (enum, default, const, required…): plain JSON, copied so no object is shared.
      copy[key] = structuredClone(value);
    }
  }
  state.ancestors.pop();

  if (copy.nullable !== undefined && copy.type === undefined) {
    // `{ oneOf: [...], nullable: true }` (common in GitHub's description) means "one of these, or null".
    for (const list of ['oneOf', 'anyOf'] as const) {
      if (copy.nullable === true && Array.isArray(copy[list])) copy[list] = [...copy[list], { type: 'null' }];
    }
    delete copy.nullable;
  }
  for (const [exclusive, bound] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const) {
    if (typeof copy[exclusive] === 'boolean') {
      if (copy[exclusive] === true && typeof copy[bound] === 'number') {
        copy[exclusive] = copy[bound];
        delete copy[bound];
      } else {
        delete copy[exclusive];
      }
    }
  }
  return copy;
}

/** A self-contained copy of `schema`; see the module comment for what changes. */
export function inlineSchema(schema: unknown, context: InlineContext): Record<string, unknown> {
  const result = walk(schema ?? {}, { context, ancestors: [], nodes: 0, isTruncated: false });
  // `true`/`false` schemas (3.1) and odd values become "anything".
  return isObject(result) ? result : {};
}
