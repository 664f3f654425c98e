// The baseline of bench/api-throughput.ts: a bare Fastify + pg route answering the same agents-list query
// (agents joined with their current version, ordered by name) for one organization, without sign-in,
// tenant transaction or RLS. Started by the benchmark as a process of its own, like the API.
// Env: BARE_DATABASE_URL, BARE_PORT, BARE_POOL (connections, default 10 as the API's pool).
import Fastify from 'fastify';
import pg from 'pg';

const pool = new pg.Pool({
  connectionString: process.env.BARE_DATABASE_URL,
  max: Number(process.env.BARE_POOL ?? 10),
});
const app = Fastify({ logger: false });

app.get<{ Params: { orgId: string } }>('/orgs/:orgId/agents', async (request) => {
  const { rows } = await pool.query(
    `select a.id, a.name, a.status, a.current_version, v.config, a.created_at, a.updated_at
       from agents a join agent_versions v on v.agent_id = a.id and v.version = a.current_version
      where a.organization_id = $1 and a.status = 'active'
      order by a.name, a.created_at`,
    [request.params.orgId],
  );
  return { agents: rows };
});

await app.listen({ port: Number(process.env.BARE_PORT), host: '127.0.0.1' });
console.log('listening');
