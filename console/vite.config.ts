// The console is built once, at build time, into dist/, which the gateway serves at /console
// (gateway/src/console.ts). Everything it needs is in the build: no CDN, no web fonts.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  base: '/console/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // No data: URLs: the gateway's Content-Security-Policy allows 'self' only.
    assetsInlineLimit: 0,
    // Browsers of the last few years (ES2022): smaller output, no polyfills.
    target: 'es2022',
  },
});
