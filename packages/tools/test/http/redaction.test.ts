import { describe, expect, it } from 'vitest';
import { createRedactor } from '../../src/kinds/http/redaction.ts';

const SECRET = 'sk-live_9f8E7d6C5b4A?x/y+z';
const redactor = createRedactor({ api_key: SECRET });
const b64 = (text: string) => Buffer.from(text).toString('base64');
const b64url = (text: string) => Buffer.from(text).toString('base64url');

describe('redacting a secret from what a server echoes', () => {
  it.each([
    ['as it is', SECRET],
    ['upper case', SECRET.toUpperCase()],
    ['lower case', SECRET.toLowerCase()],
    ['percent-encoded', encodeURIComponent(SECRET)],
    [
      'percent-encoded, lower-case escapes',
      encodeURIComponent(SECRET).replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase()),
    ],
    ['form-encoded', new URLSearchParams({ k: SECRET }).toString().slice(2)],
    ['JSON-escaped', JSON.stringify(SECRET).slice(1, -1)],
    ['hex', Buffer.from(SECRET).toString('hex')],
    ['hex, upper case', Buffer.from(SECRET).toString('hex').toUpperCase()],
    ['base64', b64(SECRET)],
    ['base64 without padding', b64(SECRET).replace(/=+$/, '')],
    ['base64url', b64url(SECRET)],
    ['base64url with padding', `${b64url(SECRET)}==`.slice(0, Math.ceil(b64url(SECRET).length / 4) * 4)],
  ])('%s', (_, form) => {
    const echoed = `Your key is ${form}, thanks.`;
    expect(redactor.text(echoed)).toBe('Your key is [redacted], thanks.');
  });

  it.each([
    ['user:secret as Basic credentials', `Basic ${b64(`admin:${SECRET}`)}`],
    ['one byte before', b64(`x${SECRET}`)],
    ['two bytes before', b64(`xy${SECRET}`)],
    ['inside JSON, url-safe', b64url(JSON.stringify({ token: SECRET, n: 1 }))],
    ['hex inside longer hex', Buffer.from(`id=42&key=${SECRET}&t=1`).toString('hex')],
  ])('finds it inside a longer encoded value: %s', (_, form) => {
    const redacted = redactor.text(form);
    expect(redacted).toContain('[redacted]');
    // Whatever is left cannot be decoded back into the secret.
    for (const leftover of redacted.split('[redacted]')) {
      for (const decoded of [Buffer.from(leftover, 'base64'), Buffer.from(leftover, 'hex')]) {
        expect(decoded.toString('latin1')).not.toContain(SECRET.slice(0, 6));
      }
    }
  });

  it('redacts keys and values of parsed JSON, and numbers that are secrets', () => {
    const pin = createRedactor({ pin: '918273645' });
    expect(pin.json({ [SECRET]: 1, pin: 918273645, nested: [`x${SECRET}`] })).toEqual({
      [SECRET]: 1,
      pin: '[redacted]',
      nested: [`x${SECRET}`],
    });
    expect(redactor.json({ [SECRET]: [b64(SECRET)] })).toEqual({ '[redacted]': ['[redacted]'] });
  });

  it('removes a secret that contains another one whole, and leaves text without secrets alone', () => {
    const nested = createRedactor({ short: 'abc123', long: 'xyz-abc123-789' });
    expect(nested.text('a xyz-abc123-789 b abc123 c')).toBe('a [redacted] b [redacted] c');
    expect(redactor.text('nothing secret here: Basic dXNlcjpwYXNz')).toBe(
      'nothing secret here: Basic dXNlcjpwYXNz',
    );
    expect(createRedactor({}).text(SECRET)).toBe(SECRET);
  });

  it('does not look for short base64 fragments of a short secret inside other text', () => {
    const short = createRedactor({ k: 'abcd' });
    // "YWJj" (base64 of "abc") occurs by chance in unrelated base64; only the whole encoding is redacted.
    expect(b64('abcXYZ')).toContain('YWJj');
    expect(short.text(`${b64('abcd')} and ${b64('abcXYZ')}`)).toBe(`[redacted] and ${b64('abcXYZ')}`);
  });
});
