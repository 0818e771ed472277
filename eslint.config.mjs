import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';
import simpleImportSort from 'eslint-plugin-simple-import-sort';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const services = [
  'gateway',
  'aetherium',
  'hall-of-faces',
  'great-library',
  'engine-core',
  'oracle',
];

/**
 * Module boundaries on two axes. Type: what a project may build on. Scope: a service
 * sees only itself and shared code, so no service can import another's code.
 * Test files may also use the testing library.
 */
function depConstraints({ inTests }) {
  const allowed = (...tags) => (inTests ? [...tags, 'type:testing'] : tags);
  return [
    {
      sourceTag: 'type:app',
      onlyDependOnLibsWithTags: allowed('type:platform', 'type:data', 'type:contracts'),
    },
    {
      sourceTag: 'type:platform',
      onlyDependOnLibsWithTags: allowed('type:platform', 'type:data', 'type:contracts'),
    },
    { sourceTag: 'type:data', onlyDependOnLibsWithTags: allowed('type:data', 'type:contracts') },
    { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: allowed('type:contracts') },
    {
      sourceTag: 'type:testing',
      onlyDependOnLibsWithTags: ['type:platform', 'type:data', 'type:contracts', 'type:testing'],
    },
    { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
    ...services.map((service) => ({
      sourceTag: `scope:${service}`,
      onlyDependOnLibsWithTags: [`scope:${service}`, 'scope:shared'],
    })),
  ];
}

const providers = ['aws', 'azure', 'gcp', 'auth0', 'entra'];

/**
 * A capability (compute/, storage/, identity/, …) owns a neutral port and reaches a
 * provider's adapters only through that provider's index (`providers/aws`), never its files.
 * Tests may wire an adapter's own classes against its local peer.
 */
const capabilityImports = {
  files: ['services/*/src/**/*.ts'],
  ignores: ['services/*/src/providers/**', '**/*.spec.ts', '**/*.int-spec.ts', '**/*.fixture.ts'],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            group: ['**/providers/*/*'],
            message: "Import the provider's index (providers/<provider>), not its adapters' files.",
          },
        ],
      },
    ],
  },
};

/** One provider's adapters never import another's, in a service or in libs/connectors. */
const providerImports = providers.map((provider) => ({
  files: [
    `services/*/src/providers/${provider}/**/*.ts`,
    `libs/connectors/src/providers/${provider}/**/*.ts`,
  ],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            group: providers
              .filter((other) => other !== provider)
              .flatMap((other) => [
                `**/providers/${other}`,
                `**/providers/${other}/**`,
                `../${other}`,
                `../${other}/**`,
              ]),
            message: `The ${provider} adapters stay apart from other providers'; share through a neutral port or libs/connectors.`,
          },
        ],
      },
    ],
  },
}));

/**
 * The console (apps/console): a React app in the browser, held to the rules of hooks. Its API
 * types are generated (tools/console/generate-api-client.mjs), so not linted.
 */
const consoleApp = [
  { ignores: ['apps/console/src/api/schema.d.ts'] },
  {
    files: ['apps/console/**/*.ts', 'apps/console/**/*.tsx'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules, 'react-hooks/exhaustive-deps': 'error' },
  },
];

const boundaries = (inTests) => [
  'error',
  {
    enforceBuildableLibDependency: false,
    banTransitiveDependencies: true,
    depConstraints: depConstraints({ inTests }),
  },
];

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '.local/**', '.nx/**', '**/coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    plugins: { '@nx': nx, 'simple-import-sort': simpleImportSort },
    rules: {
      '@nx/enforce-module-boundaries': boundaries(false),
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true, requireDefaultForNonUnion: true },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-extraneous-class': ['error', { allowWithDecorator: true }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      'simple-import-sort/imports': 'error',
      'simple-import-sort/exports': 'error',
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: "Read configuration only in the service's config.ts.",
        },
      ],
    },
  },
  {
    files: [
      'services/*/src/config.ts',
      'bench/src/**/*.ts',
      'libs/testing/src/**/*.ts',
      '**/*.spec.ts',
      '**/*.int-spec.ts',
    ],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    files: [
      '**/*.spec.ts',
      '**/*.int-spec.ts',
      '**/*.e2e-spec.ts',
      '**/*.fuzz-spec.ts',
      '**/*.fixture.ts',
    ],
    rules: {
      '@typescript-eslint/unbound-method': 'off',
      '@nx/enforce-module-boundaries': boundaries(true),
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: { ...globals.node },
    },
    rules: { ...tseslint.configs.disableTypeChecked.rules, 'no-restricted-properties': 'off' },
  },
  capabilityImports,
  ...providerImports,
  ...consoleApp,
  prettier,
);
