import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const root = fileURLToPath(new URL('.', import.meta.url));
const api = 'http://localhost:3000';

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  // Codes and labels the server uses too (src/shared: pure TypeScript, no imports).
  resolve: { alias: { '@shared': fileURLToPath(new URL('../src/shared', import.meta.url)) } },
  server: {
    proxy: Object.fromEntries(['/api', '/docs', '/healthz', '/.well-known'].map((p) => [p, api])),
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // antd is one ~1 MB (≈340 kB gzip) chunk, downloaded once and cached across releases.
    chunkSizeWarningLimit: 1200,
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
              name: 'antd',
              test: /node_modules[\\/](antd|@ant-design|@rc-component|rc-[\w-]+|dayjs|@babel[\\/]runtime)[\\/]/,
              priority: 10,
            },
          ],
        },
      },
    },
  },
});
