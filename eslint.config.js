import js from '@eslint/js';
import nextPlugin from '@next/eslint-plugin-next';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', '.next/', 'data/', 'test-results/', 'next-env.d.ts', 'public/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The Next.js plugin used directly (its docs' "Using the plugin directly"), since typescript-eslint
    // is configured here already; core-web-vitals is the rule set Next.js recommends for apps.
    files: ['**/*.{js,jsx,ts,tsx}'],
    plugins: { '@next/next': nextPlugin },
    rules: {
      ...nextPlugin.configs['core-web-vitals'].rules,
      // Links home stay plain <a> (a full page load, as always): next/link would add its runtime,
      // 2.8 kB gzipped, to every page's JavaScript, which bench:site and the page budgets count.
      '@next/next/no-html-link-for-pages': 'off',
    },
  },
  {
    // The Rules of Hooks and the React Compiler's checks, for the client components in app/.
    files: ['app/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat.recommended,
  },
  {
    // Starters and catalogued mistakes are deliberately incomplete or wrong learner code.
    files: ['exercises/**/starter.ts', 'exercises/**/.meta/**/*.ts', 'test/hostile/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': 'off',
      'no-constant-condition': 'off',
      'no-empty': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      'prefer-const': 'off',
    },
  },
);
