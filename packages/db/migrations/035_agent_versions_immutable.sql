-- Purpose: a saved agent version never changes (006: every save is a new row; restoring copies an old
-- configuration into a new version). The API now relies on it: it keeps each version's parsed configuration
-- in memory, keyed by agent and version, instead of parsing the stored JSON at every read
-- (packages/core/src/agents/to-agent.ts; docs/performance.md "API throughput"). The database makes the rule
-- hold: the API role may add versions and read them, no longer change or delete one. Deleting an agent
-- still removes its versions (the foreign key's cascade runs as the table's owner).
-- Touches: grants of agent_versions for switchboard_app (update and delete revoked). No data changes.

revoke update, delete on agent_versions from switchboard_app;
