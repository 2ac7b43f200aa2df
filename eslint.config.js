import js from '@eslint/js';
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
