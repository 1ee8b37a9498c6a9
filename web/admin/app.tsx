import { useEffect, useMemo, useState } from 'preact/hooks';
import { ApiError, describeError, request } from '../shared/api';
import { ErrorNotice, Loading, PageHeading, Shell } from '../shared/components';
import { webConfig, type AdminSignIn } from '../shared/config';
import { matchRoute, routeHref, useHashPath } from '../shared/router';
import { forgetToken, storedToken, storeToken, type StoredToken } from '../shared/session';
import { AuditPage } from './audit';
import { DeliveriesPage } from './deliveries';
import { completeHostedSignIn, hostedSignOut } from './hosted-sign-in';
import { ImpactAssessmentFormPage } from './impact-assessment-form';
import { NoticePage } from './notice';
import { NoticesPage } from './notices';
import { RegisterPage } from './register';
import { RequestPage } from './request';
import { RequestEntryPage } from './request-entry';
import { RequestQueuePage } from './requests';
import { AdminSessionContext, type AdminSession } from './session';
import { checkAdminToken, SignInGate } from './sign-in';

const LINKS = [
  { path: '/notices', label: 'Notices' },
  { path: '/requests', label: 'Requests' },
  { path: '/deliveries', label: 'Deliveries' },
  { path: '/audit', label: 'Audit log' },
  { path: '/register', label: 'Register' },
] as const;

const AREAS: readonly { path: string; label: string; about: string }[] = [
  {
    path: '/notices',
    label: 'Notices',
    about: 'Draft, translate, compare and publish revisions of the privacy notice.',
  },
  {
    path: '/requests',
    label: 'Requests',
    about: 'Answer data subject requests within their legal deadline.',
  },
  {
    path: '/deliveries',
    label: 'Deliveries',
    about: 'Mails and webhooks, and the failed ones to send again.',
  },
  { path: '/audit', label: 'Audit log', about: 'Every administrative change: who, what and when.' },
  {
    path: '/register',
    label: 'Register of processing activities',
    about:
      "The GDPR Art. 30 record, ready to print, with the PIPL impact assessments and the recipients' roles.",
  },
];

function Overview() {
  return (
    <>
      <PageHeading>Admin desk</PageHeading>
      <ul>
        {AREAS.map((area) => (
          <li key={area.path}>
            <a href={routeHref(area.path)}>{area.label}</a>: {area.about}
          </li>
        ))}
      </ul>
    </>
  );
}

function View({ path }: { path: string }) {
  if (path === '/') return <Overview />;
  if (path === '/notices') return <NoticesPage />;
  const notice = matchRoute('/notices/:id', path);
  if (notice) return <NoticePage noticeId={notice.id ?? ''} />;
  if (path === '/requests') return <RequestQueuePage />;
  if (path === '/requests/new') return <RequestEntryPage />;
  const subjectRequest = matchRoute('/requests/:id', path);
  if (subjectRequest) return <RequestPage requestId={subjectRequest.id ?? ''} />;
  const answeredWithOpen = matchRoute('/requests/:id/already-open', path);
  if (answeredWithOpen) {
    return <RequestPage requestId={answeredWithOpen.id ?? ''} answeredWithOpen />;
  }
  if (path === '/deliveries') return <DeliveriesPage />;
  if (path === '/audit') return <AuditPage />;
  if (path === '/register') return <RegisterPage />;
  if (path === '/register/impact-assessments/new') return <ImpactAssessmentFormPage />;
  return (
    <>
      <PageHeading>Page not found</PageHeading>
      <p>
        There is nothing here. <a href={routeHref('/')}>Back to the admin desk</a>.
      </p>
    </>
  );
}

type Gate =
  | { kind: 'loading' }
  | { kind: 'failed'; message: string }
  | { kind: 'signed-out'; signIn: AdminSignIn; reason: string | null }
  | { kind: 'signed-in'; signIn: AdminSignIn; token: string };

/**
 * Reads the page settings, then the kept token or (on AWS) the code the
 * hosted sign-in came back with: an admin's token, checked by the API, opens
 * the desk.
 */
function useGate() {
  const [gate, setGate] = useState<Gate>({ kind: 'loading' });
  useEffect(() => {
    const open = async (): Promise<Gate> => {
      const { adminSignIn } = await webConfig();
      const kept = storedToken('admin');
      if (kept) return { kind: 'signed-in', signIn: adminSignIn, token: kept.token };
      if (adminSignIn.kind !== 'hosted') {
        return { kind: 'signed-out', signIn: adminSignIn, reason: null };
      }
      const callback = await completeHostedSignIn(adminSignIn);
      switch (callback.kind) {
        case 'none':
          return { kind: 'signed-out', signIn: adminSignIn, reason: null };
        case 'failed':
          return { kind: 'signed-out', signIn: adminSignIn, reason: callback.message };
        case 'signed-in':
          try {
            await checkAdminToken(callback.token.token);
          } catch (error) {
            return { kind: 'signed-out', signIn: adminSignIn, reason: describeError(error) };
          }
          storeToken('admin', callback.token);
          return { kind: 'signed-in', signIn: adminSignIn, token: callback.token.token };
      }
    };
    open().then(setGate, (error: unknown) =>
      setGate({
        kind: 'failed',
        message:
          error instanceof ApiError ? describeError(error) : 'The admin desk could not start.',
      }),
    );
  }, []);
  return [gate, setGate] as const;
}

export function AdminApp() {
  const path = useHashPath();
  const [gate, setGate] = useGate();
  const signIn = gate.kind === 'signed-in' || gate.kind === 'signed-out' ? gate.signIn : null;
  const token = gate.kind === 'signed-in' ? gate.token : null;

  const session = useMemo<AdminSession | null>(() => {
    if (!signIn || !token) return null;
    const endSession = (reason: string | null) => {
      forgetToken('admin');
      setGate({ kind: 'signed-out', signIn, reason });
    };
    return {
      call: async (operation, variables) => {
        try {
          return await request(operation, variables, token);
        } catch (error) {
          if (error instanceof ApiError && error.code === 'UNAUTHENTICATED') {
            endSession(`Your sign-in has ended: ${error.message} Please sign in again.`);
          }
          throw error;
        }
      },
      signOut: () => {
        endSession(null);
        if (signIn.kind === 'hosted') hostedSignOut(signIn);
      },
    };
  }, [signIn, token]);

  const signedIn = (stored: StoredToken) => {
    if (!signIn) return;
    storeToken('admin', stored);
    setGate({ kind: 'signed-in', signIn, token: stored.token });
  };

  const account = session && (
    <button type="button" class="link-button" onClick={session.signOut}>
      Sign out
    </button>
  );
  return (
    <Shell siteName="Admin desk" links={session ? LINKS : []} path={path} account={account}>
      {gate.kind === 'loading' && <Loading what="the admin desk" />}
      {gate.kind === 'failed' && (
        <>
          <PageHeading>Admin desk</PageHeading>
          <ErrorNotice error={gate.message} />
        </>
      )}
      {gate.kind === 'signed-out' && (
        <SignInGate signIn={gate.signIn} onSignedIn={signedIn} reason={gate.reason} />
      )}
      {session && (
        <AdminSessionContext.Provider value={session}>
          <View key={path} path={path} />
        </AdminSessionContext.Provider>
      )}
    </Shell>
  );
}
