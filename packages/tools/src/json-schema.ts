import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS; under NodeNext its default import is typed as the module, not the function.
const addFormats = addFormatsModule.default;

// Strict, unlike tool parameters (validate-arguments.ts): these schemas are written by hand for Switchboard,
// so an unknown keyword is a typo worth reporting when the agent is saved, not something to ignore.
const ajv = new Ajv({
  strict: true,
  strictTypes: false,
  strictTuples: false,
  allErrors: true,
  logger: false,
});
addFormats(ajv);

/** A JSON Schema an organization wrote, compiled once; `problems` lists what a value breaks (empty: valid). */
export interface CompiledJsonSchema {
  problems(value: unknown): string[];
}

/** Compiles `schema`; throws an Error whose message says why it is not a usable JSON Schema. */
export function compileJsonSchema(schema: object): CompiledJsonSchema {
  let validate: ValidateFunction;
  try {
    validate = ajv.compile(schema);
  } catch (error) {
    throw new Error(error instanceof Error ? error.message : String(error));
  }
  return {
    problems(value) {
      if (validate(value)) return [];
      return [...new Set((validate.errors ?? []).map(describe))];
    },
  };
}

function describe(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  // `/data/callback_number` → `data.callback_number`, the way the fields are named in the dashboard.
  const path = error.instancePath.slice(1).replaceAll('/', '.');
  const field = (name: unknown) => `"${path ? `${path}.` : ''}${String(name)}"`;
  if (error.keyword === 'required') return `${field(params.missingProperty)} is required`;
  if (error.keyword === 'additionalProperties')
    return `${field(params.additionalProperty)} is not a field of the schema`;
  return `${path ? `"${path}"` : 'the answer'} ${error.message ?? 'is invalid'}`;
}
