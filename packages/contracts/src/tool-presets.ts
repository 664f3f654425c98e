import { z } from 'zod';

/*
 * Presets: ready HTTP tools for well-known business systems. The person gives the account's domain and its
 * key; Switchboard builds an ordinary HTTP tool (functions, authentication, sealed secrets) from them.
 */

export const ToolPresetIdSchema = z.enum(['zendesk', 'hubspot', 'shopify']);
export type ToolPresetId = z.infer<typeof ToolPresetIdSchema>;

/**
 * An account's domain under the provider's own domain (`acme.zendesk.com`): a pasted `https://` and a
 * trailing slash are forgiven, any other host, a port or a path is refused, so a preset's secrets only ever
 * go to the provider.
 */
function accountDomain(suffix: string, example: string) {
  const label = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
  const pattern = new RegExp(`^${label}\\.${suffix.replaceAll('.', '\\.')}$`);
  return z
    .string()
    .trim()
    .toLowerCase()
    .transform((value) => value.replace(/^https:\/\//, '').replace(/\/$/, ''))
    .pipe(z.string().regex(pattern, `Use your account’s domain, like ${example}`));
}

export const ZENDESK_DOMAIN_EXAMPLE = 'acme.zendesk.com';
export const SHOPIFY_DOMAIN_EXAMPLE = 'acme.myshopify.com';

const NameSchema = z.string().trim().min(1, 'Give the tool a name').max(120).optional();
const KeySchema = z.string().trim().min(1, 'Paste the key').max(8_192);

export const CreatePresetToolSchema = z.discriminatedUnion('preset', [
  z.strictObject({
    preset: z.literal('zendesk'),
    name: NameSchema,
    domain: accountDomain('zendesk.com', ZENDESK_DOMAIN_EXAMPLE),
    /** The Zendesk agent the API token belongs to; basic auth is `{email}/token:{token}`. */
    email: z.email('Use the email address of a Zendesk agent').max(254),
    apiToken: KeySchema,
  }),
  z.strictObject({
    preset: z.literal('hubspot'),
    name: NameSchema,
    /** A private app's access token; HubSpot's API has one host for every account. */
    accessToken: KeySchema,
  }),
  z.strictObject({
    preset: z.literal('shopify'),
    name: NameSchema,
    domain: accountDomain('myshopify.com', SHOPIFY_DOMAIN_EXAMPLE),
    /** A custom app's Admin API access token (`shpat_…`). */
    accessToken: KeySchema,
  }),
]);
export type CreatePresetTool = z.infer<typeof CreatePresetToolSchema>;
export type CreatePresetToolInput = z.input<typeof CreatePresetToolSchema>;

/** One field of a preset's form, as the dashboard draws it. */
export const ToolPresetFieldSchema = z.object({
  name: z.string(),
  label: z.string(),
  type: z.enum(['domain', 'email', 'secret']),
  placeholder: z.string(),
  help: z.string(),
});

/** A preset as the add-tool catalog shows it. */
export const ToolPresetInfoSchema = z
  .object({
    id: ToolPresetIdSchema,
    name: z.string(),
    /** The kind of system: `Ticketing`, `CRM`, `Shop`. */
    system: z.string(),
    description: z.string(),
    fields: z.array(ToolPresetFieldSchema),
    functions: z.array(z.object({ name: z.string(), description: z.string(), parameters: z.unknown() })),
  })
  .meta({ id: 'ToolPresetInfo' });
export type ToolPresetInfo = z.infer<typeof ToolPresetInfoSchema>;
