// Who is signed in: the session the server knows (GET /api/v1/session), signing in and out.
import { type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiProblem, answer, api, setCsrfToken } from '../api/client';

type SessionAnswer = Awaited<ReturnType<typeof readSession>>;

/** The signed-in user as the API describes them (name, grants, ...). */
export type SignedInUser = NonNullable<SessionAnswer>['user'];

const SESSION_QUERY = ['session'] as const;

async function readSession() {
  try {
    const session = await answer(api.GET('/api/v1/session'));
    setCsrfToken(session.csrfToken);
    return session;
  } catch (err) {
    if (err instanceof ApiProblem && err.status === 401) {
      setCsrfToken(undefined);
      return null;
    }
    throw err;
  }
}

/**
 * The current session: `user` when signed in, `null` when not, undefined while loading.
 *
 * @example
 * const { user, isLoading, error } = useSession();
 */
export function useSession() {
  const query = useQuery({
    queryKey: SESSION_QUERY,
    queryFn: readSession,
    staleTime: Number.POSITIVE_INFINITY,
  });
  return { user: query.data === undefined ? undefined : (query.data?.user ?? null), ...query };
}

/**
 * Drops everything read under another identity. The session query stays (only its data changes):
 * removing it would leave the app's observer watching a query no longer in the cache.
 */
function forgetAllButSession(queryClient: QueryClient): void {
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== SESSION_QUERY[0] });
}

/** Signs in with a name and password; the session cookie is set by the server. */
export function useSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (credentials: { user: string; password: string }) => {
      const session = await answer(api.POST('/api/v1/session', { body: credentials }));
      setCsrfToken(session.csrfToken);
      return session;
    },
    onSuccess: (session) => {
      forgetAllButSession(queryClient);
      queryClient.setQueryData(SESSION_QUERY, session);
    },
  });
}

/** Signs out and forgets everything read while signed in. */
export function useSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => answer(api.DELETE('/api/v1/session')),
    onSettled: () => {
      setCsrfToken(undefined);
      queryClient.setQueryData(SESSION_QUERY, null);
      forgetAllButSession(queryClient);
    },
  });
}

/**
 * The signed-in user, for pages inside the shell (which is shown only when someone is signed in).
 *
 * @example
 * const user = useSignedInUser();
 * if (allows(user, 'write', key)) ...
 */
export function useSignedInUser(): SignedInUser {
  const { user } = useSession();
  if (user === undefined || user === null)
    throw new Error('useSignedInUser is used outside the signed-in shell');
  return user;
}
