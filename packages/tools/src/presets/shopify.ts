import { SHOPIFY_DOMAIN_EXAMPLE } from '@switchboard/contracts/tool-presets';
import { EMAIL_PARAMETER, presetFunction, type ToolPreset, WHILE_WAITING } from './preset.ts';

/**
 * The Admin REST API version the preset calls. Pinned so that a shop's answers keep their shape; Shopify
 * supports each version for at least twelve months, so it is moved forward with Switchboard's releases.
 */
export const SHOPIFY_API_VERSION = '2026-10';

/** The order fields a status answer needs; the rest (addresses, payment details) is left out on purpose. */
const ORDER_FIELDS =
  'name,created_at,cancelled_at,financial_status,fulfillment_status,total_price,currency,line_items,fulfillments';

const NOT_ALOUD =
  'Say the status in plain words (paid, shipped, delivered, cancelled) with the items and, when shipped, the carrier; do not read out tracking URLs, IDs, addresses or payment details.';

/** Shopify Admin REST API with a custom app's access token in the X-Shopify-Access-Token header. */
export const SHOPIFY_PRESET: ToolPreset<'shopify'> = {
  info: {
    id: 'shopify',
    name: 'Shopify',
    system: 'Shop',
    description:
      'Tell callers where their order is: by order number, by email, or by the number they call from.',
    fields: [
      {
        name: 'domain',
        label: 'Shop domain',
        type: 'domain',
        placeholder: SHOPIFY_DOMAIN_EXAMPLE,
        help: 'The shop’s myshopify.com address (not a custom domain), without https:// or a path.',
      },
      {
        name: 'accessToken',
        label: 'Admin API access token',
        type: 'secret',
        placeholder: 'shpat_…',
        help: 'From a custom app with the read_orders and read_customers scopes. Stored encrypted.',
      },
    ],
  },
  build({ domain, accessToken, name }) {
    const api = `https://${domain}/admin/api/${SHOPIFY_API_VERSION}`;
    return {
      name: name ?? 'Shopify',
      config: {
        auth: {
          type: 'api_key',
          in: 'header',
          name: 'X-Shopify-Access-Token',
          secret: 'shopify_access_token',
        },
        functions: [
          presetFunction({
            name: 'find_order_by_number',
            description: `Look up an order by its order number to tell the caller its status. First ask for the order number from their confirmation email. ${WHILE_WAITING} An empty "orders" list means no such order: ask them to check the number, or use find_orders_by_email. ${NOT_ALOUD}`,
            parameters: {
              type: 'object',
              properties: {
                order_number: {
                  type: 'string',
                  pattern: '^[0-9]{1,12}$',
                  description: 'The order number, digits only (for "#1001" give 1001).',
                },
              },
              required: ['order_number'],
              additionalProperties: false,
            },
            method: 'GET',
            url: `${api}/orders.json?name=%23{{order_number}}&status=any&fields=${ORDER_FIELDS}`,
          }),
          presetFunction({
            name: 'find_orders_by_email',
            description: `The caller's most recent orders (up to five, newest first) with their status, by the email address they ordered with. First ask for the address and spell it back to confirm. ${WHILE_WAITING} Name the orders by date and items and ask which one they mean before going into detail. ${NOT_ALOUD}`,
            parameters: {
              type: 'object',
              properties: { email: EMAIL_PARAMETER },
              required: ['email'],
              additionalProperties: false,
            },
            method: 'GET',
            url: `${api}/orders.json?email={{email}}&status=any&limit=5&fields=${ORDER_FIELDS}`,
          }),
          presetFunction({
            name: 'find_customer_by_phone',
            description: `Recognize the caller as a customer by phone number: their name, email, number of orders and last order number. Use the caller's number when you know it; otherwise ask for it (with the country code). ${WHILE_WAITING} Then use find_order_by_number with the last order (without the "#") or find_orders_by_email. Greet them by first name; do not read out their email or phone number.`,
            parameters: {
              type: 'object',
              properties: {
                phone: {
                  type: 'string',
                  minLength: 3,
                  description: 'The phone number, digits with an optional leading +, e.g. +14155550123.',
                },
              },
              required: ['phone'],
              additionalProperties: false,
            },
            method: 'GET',
            url: `${api}/customers/search.json?query=phone%3A{{phone}}&limit=3&fields=first_name,last_name,email,orders_count,last_order_name`,
          }),
        ],
      },
      secrets: { shopify_access_token: accessToken },
    };
  },
};
