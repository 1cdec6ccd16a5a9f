/** Stops the embedded PostgreSQL if global-setup started it. */
export default async function globalTeardown(): Promise<void> {
  const pg = globalThis.__embeddedPostgres;
  globalThis.__embeddedPostgres = undefined;
  await pg?.stop();
}
