// The pages and who sees them: the sign-in form until signed in, then the shell with one route per
// feature (web/src/features/<feature>/).
import { Navigate, Route, Routes } from 'react-router';
import { LiveEventsProvider } from './events/LiveEvents';
import { AuditPage } from './features/admin/AuditPage';
import { TokensPage } from './features/admin/TokensPage';
import { UsersPage } from './features/admin/UsersPage';
import { AgentsPage } from './features/agents/AgentsPage';
import { BackupsPage } from './features/backups/BackupsPage';
import { DirectoriesPage } from './features/directories/DirectoriesPage';
import { DirectoryPage } from './features/directories/DirectoryPage';
import { ComparePage } from './features/promote/ComparePage';
import { TemplatePage } from './features/templates/TemplatePage';
import { TemplatesPage } from './features/templates/TemplatesPage';
import { SignInPage } from './session/SignInPage';
import { useSession } from './session/useSession';
import { Loading, Problem } from './shell/QueryState';
import { Shell } from './shell/Shell';

export function App() {
  const session = useSession();
  if (session.error !== null) return <Problem error={session.error} retry={() => session.refetch()} />;
  if (session.user === undefined) return <Loading what="your session" />;
  if (session.user === null) return <SignInPage />;
  return (
    <LiveEventsProvider>
      <Shell user={session.user}>
        <Routes>
          <Route path="/" element={<Navigate to="/directories" replace />} />
          <Route path="/directories" element={<DirectoriesPage />} />
          <Route path="/directories/:name/*" element={<DirectoryPage />} />
          <Route path="/compare" element={<ComparePage />} />
          <Route path="/templates" element={<TemplatesPage />} />
          <Route path="/templates/:chart" element={<TemplatePage />} />
          <Route path="/agents" element={<AgentsPage />} />
          <Route path="/backups" element={<BackupsPage />} />
          <Route path="/admin/users" element={<UsersPage />} />
          <Route path="/admin/tokens" element={<TokensPage />} />
          <Route path="/admin/audit" element={<AuditPage />} />
          <Route
            path="*"
            element={
              <Problem
                title="No such page"
                error="Nothing lives at this address; pick a section on the left."
              />
            }
          />
        </Routes>
      </Shell>
    </LiveEventsProvider>
  );
}
