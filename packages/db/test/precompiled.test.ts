import { DummyDriver, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from 'kysely';
import { describe, expect, it } from 'vitest';
import { type Database, databaseOverDialect } from '../src/database.ts';
import { type Arguments, precompiled } from '../src/precompiled.ts';

/** What Kysely compiles for the same builder with the values written in, as every pool would. */
const kysely = databaseOverDialect({
  createAdapter: () => new PostgresAdapter(),
  createDriver: () => new DummyDriver(),
  createIntrospector: (db) => new PostgresIntrospector(db),
  createQueryCompiler: () => new PostgresQueryCompiler(),
});

const membership = (db: Database, organizationId: string, userId: string) =>
  db
    .selectFrom('memberships')
    .innerJoin('roles', 'roles.key', 'memberships.role')
    .select(['memberships.role', 'roles.permissions'])
    .where('memberships.organizationId', '=', organizationId)
    .where('memberships.role', '!=', 'billing')
    .where('memberships.userId', '=', userId);

describe('precompiled', () => {
  const read = precompiled((db, arg: Arguments<{ organizationId: string; userId: string }>) =>
    membership(db, arg('organizationId'), arg('userId')),
  );

  it('compiles the text Kysely compiles, with each run its own arguments and the constants kept', () => {
    for (const [organizationId, userId] of [
      ['org-1', 'user-1'],
      ['org-2', "o'hara"],
    ] as const) {
      const expected = membership(kysely, organizationId, userId).compile();
      const compiled = read({ organizationId, userId }).compile();
      expect(compiled.sql).toBe(expected.sql);
      expect(compiled.parameters).toEqual(expected.parameters);
      expect(compiled.parameters).toEqual([organizationId, 'billing', userId]);
    }
  });

  it('builds the query once, however often it runs', () => {
    let builds = 0;
    const counted = precompiled((db, arg: Arguments<{ id: string }>) => {
      builds += 1;
      return db.selectFrom('agents').select('agents.name').where('agents.id', '=', arg('id'));
    });
    for (const id of ['a', 'b', 'c']) expect(counted({ id }).compile().parameters).toEqual([id]);
    expect(builds).toBe(1);
  });

  it('refuses an argument that is not a parameter of its own', () => {
    const inJson = precompiled((db, arg: Arguments<{ name: string }>) =>
      db
        .updateTable('agents')
        .set({ name: 'x' })
        .where('agents.name', '=', JSON.stringify({ name: arg('name') })),
    );
    expect(() => inJson({ name: 'x' }).compile()).toThrow(/argument name is not a parameter/);
  });
});
