import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from '../src/database-unavailable.ts';

/** An error shaped as pg reports it: a message and, from the server, a SQLSTATE code. */
const pgError = (message: string, code?: string) => Object.assign(new Error(message), { code });

describe('isDatabaseUnavailable', () => {
  it.each([
    ['admin shutdown', pgError('terminating connection due to administrator command', '57P01')],
    ['crash shutdown', pgError('terminating connection because of crash of another server process', '57P02')],
    ['starting up', pgError('the database system is starting up', '57P03')],
    ['statement timeout', pgError('canceling statement due to statement timeout', '57014')],
    ['connection exception class', pgError('connection failure', '08006')],
    ['refused', pgError('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    ['terminated', pgError('Connection terminated unexpectedly')],
    ['connect timeout', pgError('Connection terminated due to connection timeout')],
    ['pool timeout', pgError('timeout exceeded when trying to connect')],
    ['query read timeout', pgError('Query read timeout')],
    ['a prepared plan a migration made stale', pgError('cached plan must not change result type', '0A000')],
    ['several addresses', new AggregateError([pgError('connect ECONNREFUSED ::1:5432', 'ECONNREFUSED')])],
    ['wrapped', new Error('Failed to get session', { cause: pgError('x', '57P01') })],
  ])('recognizes %s', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation', pgError('duplicate key value violates unique constraint', '23505')],
    ['a missing relation', pgError('relation "x" does not exist', '42P01')],
    ['a row-level security refusal', pgError('new row violates row-level security policy', '42501')],
    ['another unsupported feature', pgError('FOR UPDATE is not allowed with aggregate functions', '0A000')],
    ['a plain error', new Error('something else')],
    ['not an error', 'ECONNREFUSED'],
  ])('leaves %s alone', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
