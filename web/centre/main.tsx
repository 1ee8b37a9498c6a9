import { render } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import '../styles.css';
import { PageHeading, Shell } from '../shared/components';
import { matchRoute, navigate, useHashPath } from '../shared/router';
import { forgetToken, storedToken, storeToken, type StoredToken } from '../shared/session';
import { EventsPage, RegistrationPage } from './events';
import { MaterialChangeBanner } from './notice-banner';
import { NoticePage, NoticeVersionPage } from './notice';
import { MyPrivacyPage } from './my-privacy';
import { RequestPage, RequestStatusPage } from './request';
import { SubjectSessionContext, type SubjectSession } from './session';
import { SignInPage } from './sign-in';

const LINKS = [
  { path: '/', label: 'Privacy notice' },
  { path: '/events', label: 'Events' },
  { path: '/my', label: 'My privacy' },
  { path: '/request', label: 'Make a request' },
] as const;

function View({ path }: { path: string }) {
  if (path === '/') return <NoticePage />;
  if (path === '/events') return <EventsPage />;
  const event = matchRoute('/events/:id', path);
  if (event) return <RegistrationPage eventId={event.id ?? ''} />;
  const version = matchRoute('/notices/:id/versions/:number', path);
  if (version && /^\d+$/.test(version.number ?? '')) {
    return <NoticeVersionPage noticeId={version.id ?? ''} number={Number(version.number)} />;
  }
  if (path === '/sign-in') return <SignInPage />;
  if (path === '/my') return <MyPrivacyPage />;
  if (path === '/request') return <RequestPage />;
  const request = matchRoute('/request/:id', path);
  if (request) return <RequestStatusPage requestId={request.id ?? ''} />;
  return (
    <>
      <PageHeading>Page not found</PageHeading>
      <p>
        There is nothing here. <a href="#/">Read the privacy notice</a>.
      </p>
    </>
  );
}

function CentreApp() {
  const path = useHashPath();
  const [token, setToken] = useState(() => storedToken('subject')?.token ?? null);
  const session = useMemo<SubjectSession>(
    () => ({
      token,
      signedIn: (stored: StoredToken) => {
        storeToken('subject', stored);
        setToken(stored.token);
      },
      signOut: () => {
        forgetToken('subject');
        setToken(null);
        navigate('/');
      },
    }),
    [token],
  );
  const account = token ? (
    <button type="button" class="link-button" onClick={session.signOut}>
      Sign out
    </button>
  ) : (
    <a href="#/sign-in">Sign in</a>
  );
  return (
    <SubjectSessionContext.Provider value={session}>
      <Shell siteName="Privacy centre" links={LINKS} path={path} account={account}>
        <MaterialChangeBanner />
        <View key={path} path={path} />
      </Shell>
    </SubjectSessionContext.Provider>
  );
}

const root = document.getElementById('app');
if (root) render(<CentreApp />, root);
