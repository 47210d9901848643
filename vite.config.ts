// Builds the web UI (web/) into dist/web, which `setpoint serve` serves; `npm run dev:web` serves it
// with hot reload, sending /api to a running `setpoint serve` (SETPOINT_DEV_API, default :8420).
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** The packages the frame of every page uses. */
const EVERY_PAGE = [
  'react',
  'react-dom',
  'scheduler',
  'react-router',
  '@tanstack',
  'openapi-fetch',
  'cookie',
  'set-cookie-parser',
];

export default defineConfig({
  root: 'web',
  base: '/',
  plugins: [react()],
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    // The libraries every page needs in two long-cached chunks; the rest (re2js for template
    // patterns, react-markdown for readmes) left to the bundler, in chunks loaded with the view that
    // imports them lazily.
    rolldownOptions: {
      output: {
        manualChunks: (id) => {
          if (id.includes('node_modules/@mantine/')) return 'mantine';
          if (EVERY_PAGE.some((name) => id.includes(`node_modules/${name}/`))) return 'vendor';
          return undefined;
        },
      },
    },
  },
  server: {
    proxy: { '/api': process.env.SETPOINT_DEV_API ?? 'http://127.0.0.1:8420' },
  },
});
