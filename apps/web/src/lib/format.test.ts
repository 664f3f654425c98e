import { describe, expect, it } from 'vitest';
import { formatCount } from './format.ts';

describe('formatCount', () => {
  it('says one thing in the singular and any other count in the plural', () => {
    expect(formatCount(1, 'call', 'calls')).toBe('1 call');
    expect(formatCount(0, 'call', 'calls')).toBe('0 calls');
    expect(formatCount(12, 'turn', 'turns')).toBe('12 turns');
  });
});
