import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

const BFF = 'http://127.0.0.1:8787';

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 700,
  },
  server: {
    proxy: {
      '/api': BFF,
      '/auth': BFF,
      '/healthz': BFF,
    },
  },
  preview: {
    proxy: {
      '/api': BFF,
      '/auth': BFF,
      '/healthz': BFF,
    },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['./src/test/setup.ts'],
    css: false,
    restoreMocks: true,
    unstubGlobals: true,
    // Tests that type and click through a form (userEvent, jsdom) take 3–4 s on a 2-core machine: 5 s was too close.
    testTimeout: 15_000,
  },
});
