import { migrate } from '@switchboard/db/migrate';

// `npm run db:migrate`: apply migrations to DATABASE_URL (an external server; `npm start` migrates on its own).
const ownerUrl = process.env.DATABASE_URL;
if (!ownerUrl) {
  console.error('Set DATABASE_URL to the owner connection of the database to migrate.');
  process.exit(1);
}
const app = process.env.DATABASE_APP_PASSWORD;
const worker = process.env.DATABASE_WORKER_PASSWORD;
const system = process.env.DATABASE_SYSTEM_PASSWORD;
const auth = process.env.DATABASE_AUTH_PASSWORD;
await migrate({
  ownerUrl,
  rolePasswords: app && worker && system && auth ? { app, worker, system, auth } : undefined,
  log: (line) => console.log(line),
});
console.log(
  app && worker && system && auth
    ? 'migrated; service roles can log in'
    : 'migrated (set DATABASE_APP_PASSWORD, DATABASE_WORKER_PASSWORD, DATABASE_SYSTEM_PASSWORD and DATABASE_AUTH_PASSWORD to give the service roles a login)',
);
