// Builds the operator console (Preact, uPlot) into dist/console, served by Herald at `/` with its
// files under /console/. Everything is bundled: the console needs no network beyond Herald itself.
import { fileURLToPath } from 'node:url';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/console/',
  plugins: [preact({ prerender: { enabled: false } })],
  build: {
    outDir: process.env.HERALD_CONSOLE_OUT ?? fileURLToPath(new URL('../dist/console', import.meta.url)),
    emptyOutDir: true,
    // No inline scripts or styles: the pages' Content-Security-Policy allows only files of the origin.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
});
