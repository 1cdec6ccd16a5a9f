import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

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

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 4000 },
  server: { proxy: Object.fromEntries(apiRoutes.map((r) => [r, api])) },
});
