import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * Builds the console into dist/web, which the API serves at /. Only the pure libs may be shared
 * with the browser: the report's checks (live validation) and the workflow's types and outline.
 */
export default defineConfig({
  root: here('.'),
  base: '/',
  resolve: {
    alias: {
      '@jixiao/report': here('../../libs/report/src/index.ts'),
      '@jixiao/workflow': here('../../libs/workflow/src/index.ts'),
    },
  },
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: here('../../dist/web'),
    emptyOutDir: true,
    // antd is one large dependency; splitting it buys nothing for an intranet console.
    chunkSizeWarningLimit: 3000,
    rolldownOptions: {
      // antd marks its modules "use client" for server rendering, which a browser bundle has no use for.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  logLevel: 'warn',
});
