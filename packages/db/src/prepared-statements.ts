import { createHash } from 'node:crypto';
import type { CompiledQuery } from 'kysely';
import pg from 'pg';

/**
 * Statements are prepared once per connection and run by name after that: PostgreSQL parses and plans a
 * statement at its first run on a connection instead of at every run, which was about half of its CPU on an
 * organization request (docs/performance.md "API throughput"). Every parameterized statement is named by a
 * digest of its text, so the same text always finds its plan; without parameters (BEGIN, COMMIT) there is
 * nothing to plan again. At most this many per connection, the first ones it runs (the hot ones, on a busy
 * pool); past that, statements run unnamed as before. Each keeps a plan in its PostgreSQL backend.
 */
export const PREPARED_PER_CONNECTION = 100;

/** Names of the statements each client has prepared (run once by name, successfully). */
const preparedOn = new WeakMap<pg.ClientBase, Set<string>>();

/** Names of recent texts, so that a hot statement is not digested at every run; emptied when full. */
const names = new Map<string, string>();

/** The name a statement's text is prepared under: the same text, the same name, on every connection. */
export function statementName(text: string): string {
  let name = names.get(text);
  if (name === undefined) {
    name = `sb_${createHash('sha1').update(text).digest('hex').slice(0, 32)}`;
    if (names.size >= 1_000) names.clear();
    names.set(text, name);
  }
  return name;
}

type Query = (config: pg.QueryConfig) => Promise<pg.QueryResult>;

/**
 * A parameterized statement as pg's query config, named when the connection has prepared it or may still
 * prepare one; pg sends the parse only the first time a name is used on its connection.
 */
export async function runPrepared(
  client: pg.ClientBase,
  query: Query,
  text: string,
  values: unknown[],
): Promise<pg.QueryResult> {
  const name = statementName(text);
  if (!mayRunByName(client, name)) return query({ text, values });
  const result = await query({ name, text, values });
  const prepared = preparedOn.get(client) ?? new Set<string>();
  preparedOn.set(client, prepared);
  prepared.add(name);
  return result;
}

/** Whether the client has prepared this statement or may still prepare one more. */
function mayRunByName(client: pg.ClientBase, name: string): boolean {
  const prepared = preparedOn.get(client);
  return !prepared || prepared.has(name) || prepared.size < PREPARED_PER_CONNECTION;
}

/**
 * PostgreSQL refuses to run a prepared statement whose result columns changed under it (a migration altered a
 * table it reads, while this process kept running): the connection is dropped, and its successor prepares anew.
 */
export function isStalePlan(error: unknown): boolean {
  return (
    error instanceof Error &&
    (error as { code?: string }).code === '0A000' &&
    error.message.includes('cached plan must not change result type')
  );
}

/**
 * One message of a tenant transaction (packages/db/src/tenant.ts) around a read: the opening (BEGIN and the
 * tenant's settings, then its first read if it has one) or the closing (its last read, then COMMIT). It
 * travels as one simple-protocol query, which cannot carry parameters: the read is run with EXECUTE once this
 * connection has prepared it, its arguments written as literals.
 */
export class TransactionMessage {
  readonly #before: readonly string[];
  readonly #after: readonly string[];
  readonly #read: { sql: string; parameters: unknown[]; literals: string[] } | undefined;

  /**
   * Throws at once, before anything is sent, for a read that is not a SELECT (it may run twice, below) or
   * that cannot be written with literals.
   */
  constructor(before: readonly string[], read: CompiledQuery | undefined, after: readonly string[] = []) {
    this.#before = before;
    this.#after = after;
    if (!read) return;
    if (!/^select\s/i.test(read.sql)) throw new Error('A read sent with BEGIN or COMMIT must be a select');
    if (read.sql.includes("'"))
      throw new Error('A read sent with BEGIN or COMMIT cannot contain literals of its own');
    const parameters = [...read.parameters];
    this.#read = { sql: read.sql, parameters, literals: parameters.map(literalOf) };
  }

  /**
   * The message's text on this client. A read this connection has not prepared yet is prepared by running
   * it once alone first: before BEGIN, without a tenant, RLS shows it no row; before COMMIT it is the read
   * itself, run twice the first time on a connection. A connection that prepares no more statements gets
   * the read with its literals written in.
   */
  async textOn(client: pg.ClientBase, query: Query): Promise<string> {
    const read = this.#read;
    if (!read) return [...this.#before, ...this.#after].join('; ');
    const name = statementName(read.sql);
    if (!mayRunByName(client, name)) {
      return [...this.#before, withLiterals(read.sql, read.literals), ...this.#after].join('; ');
    }
    if (!preparedOn.get(client)?.has(name)) await runPrepared(client, query, read.sql, read.parameters);
    const execute =
      read.literals.length > 0 ? `execute ${name}(${read.literals.join(', ')})` : `execute ${name}`;
    return [...this.#before, execute, ...this.#after].join('; ');
  }

  /** The read's result among the message's results (pg answers one per statement); without one, the last. */
  answerOf(results: pg.QueryResult | pg.QueryResult[]): pg.QueryResult | undefined {
    if (!Array.isArray(results)) return results;
    return this.#read ? results[this.#before.length] : results.at(-1);
  }
}

/**
 * A compiled query with its parameters written in as literals (a connection that prepares no more
 * statements). Only for SQL that has no literal of its own (checked when the opening is made), so a `$1` can
 * only be a placeholder.
 */
function withLiterals(text: string, literals: string[]): string {
  return text.replace(/\$(\d+)/g, (placeholder, position: string) => {
    const literal = literals[Number(position) - 1];
    if (literal === undefined) throw new Error(`A read has no parameter for ${placeholder}`);
    return literal;
  });
}

/** A read's parameter as a literal: text (quoted) and integers only. */
function literalOf(value: unknown): string {
  if (typeof value === 'string') return quoted(value);
  // Parenthesized when negative, so that `x - $1` can never become the comment `x --1`.
  if (Number.isSafeInteger(value)) return (value as number) < 0 ? `(${value})` : String(value);
  throw new Error('A parameter of a read sent with BEGIN or COMMIT is neither text nor an integer');
}

/** A value as a quoted PostgreSQL literal (pg's own escaping: quotes doubled, backslashes as E'…'). */
export function quoted(value: string): string {
  // NUL cannot be in a text value at all; refusing it keeps the statement well-formed.
  if (value.includes('\0')) throw new Error('A literal cannot contain NUL');
  return pg.escapeLiteral(value);
}
