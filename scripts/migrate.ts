import { migrate } from '@switchboard/db/migrate';

// `npm run db:migrate`: apply migrations to DATABASE_URL (an external server; `npm start` migrates on its own).
const ownerUrl = process.env.DATABASE_URL;
if (!ownerUrl) {
  console.error('Set DATABASE_URL to the owner connection of the database to migrate.');
  process.exit(1);
}
const app = process.env.DATABASE_APP_PASSWORD;
const worker = process.env.DATABASE_WORKER_PASSWORD;
await migrate({
  ownerUrl,
  rolePasswords: app && worker ? { app, worker } : undefined,
  log: (line) => console.log(line),
});
console.log(
  app && worker
    ? 'migrated; service roles can log in'
    : 'migrated (set DATABASE_APP_PASSWORD and DATABASE_WORKER_PASSWORD to give the service roles a login)',
);
