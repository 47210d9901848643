// Builds the web UI (web/) into dist/web, which `setpoint serve` serves; `npm run dev:web` serves it
// with hot reload, sending /api to a running `setpoint serve` (SETPOINT_DEV_API, default :8420).
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'web',
  base: '/',
  plugins: [react()],
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    // One chunk per library family keeps the first load cacheable between releases of our code.
    rolldownOptions: {
      output: {
        // re2js (the template patterns' engine, ~260 kB) loads only with a templated directory.
        manualChunks: (id) =>
          id.includes('node_modules/@mantine')
            ? 'mantine'
            : id.includes('node_modules/re2js')
              ? 'patterns'
              : id.includes('node_modules')
                ? 'vendor'
                : undefined,
      },
    },
  },
  server: {
    proxy: { '/api': process.env.SETPOINT_DEV_API ?? 'http://127.0.0.1:8420' },
  },
});
