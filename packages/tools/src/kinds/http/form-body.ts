import type { HttpBodyEncoding } from '@switchboard/contracts/tools';

/** A body ready to send: bytes or text, and the Content-Type that describes it. */
export interface EncodedBody {
  body: string | Uint8Array;
  contentType: string;
}

/**
 * Flattens arguments into form fields the way form-encoded APIs read them (Stripe's convention, which
 * Rails, PHP and most others share): objects as `a[b]=c`, arrays inside objects or of objects as
 * `a[0][b]=c`, a top-level array of plain values as the repeated field `a=x&a=y` (OpenAPI's default for
 * forms). Missing values are left out; booleans and numbers are written as text.
 */
export function formFields(args: Record<string, unknown>): [string, string][] {
  const fields: [string, string][] = [];
  const add = (key: string, value: unknown, isTop: boolean) => {
    if (value === undefined || value === null) return;
    if (Array.isArray(value)) {
      const isPlain = value.every((item) => typeof item !== 'object' || item === null);
      for (const [index, item] of value.entries())
        add(isTop && isPlain ? key : `${key}[${index}]`, item, false);
      return;
    }
    if (typeof value === 'object') {
      for (const [name, item] of Object.entries(value)) add(`${key}[${name}]`, item, false);
      return;
    }
    fields.push([key, String(value)]);
  };
  for (const [name, value] of Object.entries(args)) add(name, value, true);
  return fields;
}

/** Encodes the body arguments as JSON, a urlencoded form or a multipart form. */
export async function encodeBody(
  args: Record<string, unknown>,
  encoding: HttpBodyEncoding,
): Promise<EncodedBody> {
  if (encoding === 'json') return { body: JSON.stringify(args), contentType: 'application/json' };
  if (encoding === 'form') {
    return {
      body: new URLSearchParams(formFields(args)).toString(),
      contentType: 'application/x-www-form-urlencoded',
    };
  }
  const form = new FormData();
  for (const [name, value] of formFields(args)) form.append(name, value);
  // The guard sends bytes (so that a redirect can send them again): let the platform write the parts and
  // the boundary, then read them back.
  const response = new Response(form);
  return {
    body: new Uint8Array(await response.arrayBuffer()),
    contentType: response.headers.get('content-type') ?? 'multipart/form-data',
  };
}
