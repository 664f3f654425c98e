import {
  type Compilable,
  type CompiledQuery,
  DummyDriver,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
} from 'kysely';
import { type Database, databaseOverDialect } from './database.ts';

/** A precompiled query's named arguments, each standing for the value it will be given at every run. */
export type Arguments<A> = <K extends keyof A & string>(name: K) => A[K];

/** Where an argument goes: stands in for its value while Kysely compiles the query. */
class Argument {
  constructor(readonly name: string) {}
}

/** Kysely with the pools' plugins and PostgreSQL's compiler, and no connection: it only compiles. */
let compiler: Database | undefined;
const compilerDatabase = () =>
  (compiler ??= databaseOverDialect({
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  }));

/**
 * A query built and compiled by Kysely once, at its first run, then run with each call's arguments: for the
 * statements every request sends (the membership read, the agents list). Building and compiling a query
 * froze and visited its whole tree at every run, about a seventh of the API's CPU on an organization request
 * (docs/performance.md "API throughput"). The text is the same at every run, as a prepared statement wants.
 * Arguments are single values (`=`, `<`, `like`…), never an `in` list, whose length would change the text.
 *
 *   const agentById = precompiled((db, arg: Arguments<{ id: string }>) =>
 *     db.selectFrom('agents').selectAll().where('id', '=', arg('id')));
 *   await tx.executeQuery(agentById({ id }));
 */
export function precompiled<A extends Record<string, unknown>, R>(
  build: (db: Database, arg: Arguments<A>) => Compilable<R>,
): (args: A) => Compilable<R> {
  let template: { query: CompiledQuery<R>; arguments: (string | undefined)[] } | undefined;
  return (args) => ({
    compile: () => {
      template ??= compile(build);
      const { query, arguments: names } = template;
      const parameters = query.parameters.map((constant, index) => {
        const name = names[index];
        return name === undefined ? constant : args[name];
      });
      return { ...query, parameters };
    },
  });
}

function compile<A, R>(build: (db: Database, arg: Arguments<A>) => Compilable<R>) {
  const used = new Set<string>();
  const query = build(compilerDatabase(), (name) => {
    used.add(name);
    return new Argument(name) as never;
  }).compile();
  const names = query.parameters.map((parameter) =>
    parameter instanceof Argument ? parameter.name : undefined,
  );
  // An argument Kysely did not pass through as one parameter (inside a list, a JSON value…) would be sent as
  // the placeholder object itself.
  for (const name of used) {
    if (!names.includes(name)) throw new Error(`A precompiled query's argument ${name} is not a parameter`);
  }
  return { query, arguments: names };
}
