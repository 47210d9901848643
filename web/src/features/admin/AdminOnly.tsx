// Admin screens open only for admins on everything; anyone else is told why, without asking the
// server (a refused read would only add a denied entry to the audit log).
import type { ReactNode } from 'react';
import { allows, whyNot } from '../../session/permissions';
import { useSignedInUser } from '../../session/useSession';
import { Problem } from '../../shell/QueryState';

export function AdminOnly({ what, children }: { what: string; children: ReactNode }) {
  const user = useSignedInUser();
  if (!allows(user, 'admin', ''))
    return <Problem title={`${what} is for admins`} error={whyNot(user, 'admin', '') ?? ''} />;
  return <>{children}</>;
}
