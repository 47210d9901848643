// The web UI's entry: theme, data cache and router around the app.
import '@mantine/core/styles.css';
import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { App } from './App';
import { ApiProblem } from './api/client';
import { theme } from './shell/theme';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // Live updates come from the events stream (events/), not from polling on focus.
      refetchOnWindowFocus: false,
      staleTime: 30_000,
      // An answer saying no (403, 404, 409...) will not change by asking again.
      retry: (failures, error) =>
        failures < 2 && (!(error instanceof ApiProblem) || error.status >= 500 || error.status === 0),
    },
  },
});

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <MantineProvider theme={theme} defaultColorScheme="light">
      <QueryClientProvider client={queryClient}>
        <BrowserRouter>
          <App />
        </BrowserRouter>
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);
