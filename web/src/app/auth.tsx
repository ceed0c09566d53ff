// The session: who is logged in, their menu, and the CSRF token (memory only).
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { Button, Spin } from 'antd';
import Result from '../shared/LazyResult';
import { ApiError, get, post, setCsrfToken, setUnauthorizedHandler } from '../api';
import type { SecondFactorChallenge, Session } from '../types';

interface AuthValue {
  session: Session | null;
  /** A session, or (issue 22) the challenge of a second factor: then no session exists yet. */
  login(username: string, password: string): Promise<Session | SecondFactorChallenge>;
  logout(): Promise<void>;
  /** Reads the session again (after a change of password lifts 须修改密码). */
  refresh(): Promise<void>;
  /** A session the server opened another way (sign-up, an invitation): adopted as if logged in. */
  adopt(session: Session): void;
}

const AuthContext = createContext<AuthValue | null>(null);

type State =
  | { status: 'loading' }
  | { status: 'failed'; error: ApiError }
  | { status: 'ready'; session: Session | null };

export function AuthProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<State>({ status: 'loading' });

  const accept = useCallback((session: Session | null) => {
    setCsrfToken(session?.csrfToken ?? null);
    setState({ status: 'ready', session });
  }, []);

  const loadSession = useCallback(() => {
    setState({ status: 'loading' });
    get<Session>('/api/auth/me').then(accept, (err: unknown) => {
      if (err instanceof ApiError && err.status === 401) accept(null);
      else setState({ status: 'failed', error: err instanceof ApiError ? err : new ApiError(0, {}) });
    });
  }, [accept]);

  useEffect(() => {
    setUnauthorizedHandler(() => accept(null));
    loadSession();
    return () => setUnauthorizedHandler(null);
  }, [accept, loadSession]);

  const value = useMemo<AuthValue>(
    () => ({
      session: state.status === 'ready' ? state.session : null,
      async login(username, password) {
        const answer = await post<Session | SecondFactorChallenge>('/api/auth/login', { username, password });
        if ('secondFactorRequired' in answer) return answer;
        accept(answer);
        return answer;
      },
      async refresh() {
        accept(await get<Session>('/api/auth/me'));
      },
      async logout() {
        try {
          await post('/api/auth/logout');
        } finally {
          accept(null);
        }
      },
      adopt: accept,
    }),
    [state, accept],
  );

  if (state.status === 'loading') {
    return <Spin size="large" fullscreen description="正在加载…" />;
  }
  if (state.status === 'failed') {
    return (
      <Result
        status="500"
        title="暂时无法连接平台"
        subTitle={state.error.detail ?? state.error.title}
        extra={
          <Button type="primary" onClick={loadSession}>
            重试
          </Button>
        }
      />
    );
  }
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth outside AuthProvider');
  return value;
}

/** The logged-in session; only for pages rendered behind RequireLogin. */
export function useSession(): Session {
  const { session } = useAuth();
  if (!session) throw new Error('useSession without a session');
  return session;
}
