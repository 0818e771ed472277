import './styles.css';

import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

import { App, preloadPageOf } from './App';
import { markLibraryStylesPresent } from './csp';
import { ProblemError } from './lib/problem';

const client = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 10_000,
      // A refusal or a missing resource will not change on retry; a flaky network might.
      retry: (failures, error) =>
        failures < 2 && (!(error instanceof ProblemError) || error.problem.status >= 500),
    },
  },
});

markLibraryStylesPresent();
preloadPageOf(window.location.pathname);

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <QueryClientProvider client={client}>
        <App />
      </QueryClientProvider>
    </StrictMode>,
  );
}
