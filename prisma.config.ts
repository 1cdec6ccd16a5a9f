import { defineConfig } from 'prisma/config';

// The CLI reads DATABASE_URL only for `prisma migrate deploy` where the schema
// engine is available; the service itself applies migrations with its own runner.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/ai_pioneer' },
});
