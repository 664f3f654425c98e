import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { formatLocation, pointerSegments } from './location.ts';
import { OpenApiImportError } from './openapi-import-error.ts';

/**
 * The parts of an OpenAPI 3.0/3.1 document the importer reads, checked before anything else so that a
 * broken document fails with "where and what" instead of a TypeError deep in the conversion. It is not a
 * full OpenAPI validator: what the importer ignores, it does not check.
 */
type Version = '3.0' | '3.1';

const string = { type: 'string' };
const reference = { type: 'object', required: ['$ref'], properties: { $ref: string } };
const orReference = (schema: object) => ({
  if: { type: 'object', required: ['$ref'] },
  // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then/else; this object is never awaited.
  then: reference,
  else: schema,
});

const parameter = {
  type: 'object',
  required: ['name', 'in'],
  properties: {
    name: { type: 'string', minLength: 1 },
    in: { enum: ['query', 'header', 'path', 'cookie'] },
    required: { type: 'boolean' },
    description: string,
    schema: { type: ['object', 'boolean'] },
    content: { type: 'object' },
  },
};

const requestBody = {
  type: 'object',
  required: ['content'],
  properties: {
    description: string,
    required: { type: 'boolean' },
    content: { type: 'object', additionalProperties: { type: 'object' } },
  },
};

const parameters = { type: 'array', items: orReference(parameter) };

function operation(version: Version) {
  return {
    type: 'object',
    required: version === '3.0' ? ['responses'] : [],
    properties: {
      operationId: string,
      summary: string,
      description: string,
      tags: { type: 'array', items: string },
      parameters,
      requestBody: orReference(requestBody),
      responses: { type: 'object' },
      deprecated: { type: 'boolean' },
    },
  };
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

function documentSchema(version: Version) {
  const pathItem = {
    type: 'object',
    properties: {
      summary: string,
      description: string,
      parameters,
      ...Object.fromEntries(METHODS.map((m) => [m, operation(version)])),
    },
  };
  return {
    type: 'object',
    required: version === '3.0' ? ['openapi', 'info', 'paths'] : ['openapi', 'info'],
    properties: {
      openapi: string,
      info: {
        type: 'object',
        required: ['title', 'version'],
        // YAML reads `version: 1.0` as a number; accept it rather than fail on a formality.
        properties: { title: string, version: { type: ['string', 'number'] } },
      },
      servers: {
        type: 'array',
        items: {
          type: 'object',
          required: ['url'],
          properties: {
            url: string,
            variables: {
              type: 'object',
              additionalProperties: {
                type: 'object',
                required: ['default'],
                properties: { default: string, enum: { type: 'array', items: string } },
              },
            },
          },
        },
      },
      paths: {
        type: 'object',
        propertyNames: { pattern: '^(/|x-)' },
        patternProperties: { '^/': orReference(pathItem) },
      },
      components: { type: 'object' },
    },
  };
}

const ajv = new Ajv({ strict: false, allErrors: true, logger: false });
const validators = new Map<Version, ValidateFunction>();

function describe(error: ErrorObject): string | undefined {
  const at = pointerSegments(error.instancePath);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'if':
      return undefined;
    case 'required':
      return `${formatLocation([...at, String(params.missingProperty)])} is required`;
    case 'type':
      return `${formatLocation(at)} must be ${String(params.type).replace(',', ' or ')}`;
    case 'enum':
      return `${formatLocation(at)} must be one of ${(params.allowedValues as unknown[]).join(', ')}`;
    case 'propertyNames':
      return `${formatLocation(at)}: "${String(params.propertyName)}" must start with "/"`;
    case 'pattern':
      // Reported again, with the offending name, by the enclosing propertyNames error.
      if (error.propertyName !== undefined) return undefined;
      return `${formatLocation(at)} ${error.message ?? 'is invalid'}`;
    default:
      return `${formatLocation(at)} ${error.message ?? 'is invalid'}`;
  }
}

/** Throws OpenApiImportError listing (up to five of) the structural problems of the document. */
export function validateDocument(document: unknown, version: Version): void {
  let validate = validators.get(version);
  if (!validate) {
    validate = ajv.compile(documentSchema(version));
    validators.set(version, validate);
  }
  if (validate(document)) return;
  const problems = [
    ...new Set((validate.errors ?? []).map(describe).filter((p): p is string => p !== undefined)),
  ];
  const shown = problems.slice(0, 5).join('; ');
  const more = problems.length > 5 ? ` (and ${problems.length - 5} more)` : '';
  throw new OpenApiImportError(`Invalid OpenAPI document: ${shown || 'it does not match OpenAPI 3'}${more}`);
}
