import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

// `npm run dev:web` serves the pages with hot reload and forwards API calls to a running API.
const api = process.env.API_URL ?? 'http://127.0.0.1:3000';
const apiRoutes = [
  '/cases',
  '/tasks',
  '/catalog',
  '/auth',
  '/me',
  '/health',
  '/docs',
  '/documents',
  '/payment-orders',
  '/notices',
  '/labs',
  '/admin',
  '/web-config.json',
];

/**
 * Writes a .br and a .gz copy beside every text file of the build, compressed once at the highest
 * levels, so the API sends them as they are (src/common/pages.ts) instead of compressing per request.
 */
function precompress(): Plugin {
  const brotli = promisify(brotliCompress);
  const gz = promisify(gzip);
  return {
    name: 'precompress',
    apply: 'build',
    async writeBundle(options, bundle) {
      const dir = options.dir!;
      const texts = Object.keys(bundle).filter((f) => /\.(?:js|css|html|svg|json)$/.test(f));
      for (const name of [...texts, 'favicon.svg']) {
        const body = await readFile(join(dir, name)).catch(() => null);
        if (!body) continue;
        await writeFile(join(dir, `${name}.br`), await brotli(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
        await writeFile(join(dir, `${name}.gz`), await gz(body, { level: 9 }));
      }
    },
  };
}

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react(), precompress()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 4000 },
  server: { proxy: Object.fromEntries(apiRoutes.map((r) => [r, api])) },
});
