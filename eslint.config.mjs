// ESLint for the TypeScript wrapper (typed linting over wasm/ts with typescript-eslint) and for the
// JavaScript around it (web-demo, the node:test suites, the benchmarks and scripts). Run by
// `make lint-ts`, with the type checks of tsconfig.json and tsconfig.check.json.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['build/', 'dist/', 'node_modules/', 'bench/out/', 'tests/e2e/out/'] },
  {
    files: ['wasm/ts/**/*.ts'],
    extends: [js.configs.recommended, ...tseslint.configs.recommendedTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    extends: [js.configs.recommended],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['web-demo/**/*.js'],
    languageOptions: { globals: { ...globals.browser, ...globals.worker } },
  },
  {
    // Browser tests hand functions to page.evaluate(), which run in the page.
    files: ['tests/e2e/**/*.mjs'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
