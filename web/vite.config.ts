import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { compression, defineAlgorithm } from 'vite-plugin-compression2';

const root = fileURLToPath(new URL('.', import.meta.url));
const api = 'http://localhost:3000';

export default defineConfig({
  root,
  base: '/',
  plugins: [
    react(),
    // Issue 19 item 10: the build writes .br and .gz beside each asset; the server sends them as they
    // are (@fastify/static preCompressed), so no request pays for compression.
    compression({
      algorithms: [defineAlgorithm('brotliCompress'), defineAlgorithm('gzip', { level: 9 })],
      threshold: 1024,
    }),
  ],
  // Codes and labels the server uses too (src/shared: pure TypeScript, no imports).
  resolve: { alias: { '@shared': fileURLToPath(new URL('../src/shared', import.meta.url)) } },
  server: {
    proxy: Object.fromEntries(['/api', '/docs', '/healthz', '/.well-known'].map((p) => [p, api])),
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Issue 19 item 10: no chunk over 500 kB but echarts' own (analysis pages only). Pages are loaded per route (React.lazy in App.tsx); the
    // libraries are cut into pieces below that size, each cached for a year under its content hash.
    chunkSizeWarningLimit: 500,
    rolldownOptions: {
      output: {
        // Libraries change far less often than our pages: keep them in their own cached chunks.
        codeSplitting: {
          groups: [
            {
              name: 'react',
              test: /node_modules[\\/](react|react-dom|react-router|react-router-dom|scheduler)[\\/]/,
              priority: 20,
            },
            {
              // Charts are needed by the analysis pages only: one chunk of their own, loaded with those
              // pages. Not cut by size: split pieces of echarts reached each other before they were
              // defined ("… is not a constructor") and the chart pages stayed blank.
              name: 'echarts',
              test: /node_modules[\\/](echarts|zrender|echarts-for-react|tslib)[\\/]/,
              priority: 15,
            },
          ],
        },
      },
    },
  },
});
