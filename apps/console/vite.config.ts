import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** The gateway the dev server proxies to; the built app is served by the gateway itself. */
const gateway = 'http://127.0.0.1:8080';

export default defineConfig({
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    manifest: true,
    target: 'es2022',
    sourcemap: true,
  },
  server: {
    port: 5173,
    proxy: { '/api': gateway, '/auth': gateway },
  },
});
