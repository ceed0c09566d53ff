import { defineConfig } from 'drizzle-kit';

// One migrations folder serves PGlite and PostgreSQL alike.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/**/schema.ts',
  out: './drizzle',
});
