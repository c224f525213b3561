import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { resolve } from 'node:path';

const root = import.meta.dirname;

/**
 * Three bundles: the Electron main process, its preload, and the renderer.
 * The renderer section is also what browser mode builds and serves.
 */
export const rendererConfig = {
  root: resolve(root, 'src-renderer'),
  base: './',
  plugins: [react()],
  build: {
    outDir: resolve(root, 'out/renderer'),
    minify: true,
    emptyOutDir: true,
    rollupOptions: { input: resolve(root, 'src-renderer/index.html') },
  },
};

export default defineConfig({
  main: {
    build: {
      outDir: resolve(root, 'out/main'),
      externalizeDeps: true,
      rollupOptions: {
        input: {
          main: resolve(root, 'src-main/electron/main.ts'),
          // The import worker runs as its own file beside main.js (see core/sources/worker/pool.ts).
          'extract-worker': resolve(root, 'src-main/core/sources/worker/extract-worker.ts'),
          // Backups are checked in a worker beside main.js too (see core/backup/verify.ts).
          'verify-worker': resolve(root, 'src-main/core/backup/verify-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: resolve(root, 'out/preload'),
      // A sandboxed preload cannot require modules: bundle everything it uses.
      externalizeDeps: false,
      rollupOptions: {
        input: { preload: resolve(root, 'src-main/electron/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: rendererConfig,
});
