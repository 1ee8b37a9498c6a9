import { graphql } from '../gql';
import type { MyPrivacyQuery } from '../gql/graphql';
import { request } from '../shared/api';
import { ErrorNotice, Loading, PageHeading } from '../shared/components';
import { useLoad } from '../shared/hooks';
import { routeHref } from '../shared/router';
import { ConsentsSection } from './my-privacy-consents';
import { RegistrationsSection } from './my-privacy-registrations';
import { RequestsSection, SharingSection } from './my-privacy-records';
import { SeparateConsentsSection } from './my-privacy-separate';
import { useSubjectSession } from './session';
import { SignInLink } from './sign-in';

const MyPrivacy = graphql(`
  query MyPrivacy {
    privacySignals {
      globalPrivacyControl
    }
    purposes {
      id
      name
      description
      lawfulBasis
      marketing
    }
    notices {
      id
      current {
        number
      }
    }
    me {
      email
      restricted
      consents {
        ...ConsentShown
      }
      separateConsents {
        ...SeparateConsentShown
      }
      registrations {
        ...RegistrationShown
        event {
          separateConsentDisclosures {
            ...DisclosureShown
          }
        }
      }
      sharingRecords {
        id
        partner {
          name
          kind
          country
        }
        categories
        purpose
        situation
        legalReference
        destinationCountry
        sharedAt
      }
      requests {
        id
        type
        status
        jurisdiction
        receivedAt
        dueAt
        overdue
      }
    }
  }
`);

export type MyPrivacyData = MyPrivacyQuery;

/** What the person's browser says about their wishes, and that we honour it. */
function GlobalPrivacyControlNotice() {
  return (
    <section class="banner" aria-labelledby="gpc-heading">
      <h2 id="gpc-heading">Global Privacy Control is on, and honoured</h2>
      <p>
        Your browser sends the Global Privacy Control signal with every visit. We treat it as your
        choice not to have your data used for marketing: marketing purposes stay off while the
        signal is on, and registering or agreeing with the signal on withdraws any marketing
        consent, unless you confirm that you want that marketing although your browser asks not to.
        The signal does not change anything else you chose here.
      </p>
    </section>
  );
}

export function MyPrivacyPage() {
  const { token } = useSubjectSession();
  if (!token) {
    return (
      <>
        <PageHeading>My privacy</PageHeading>
        <p>
          Here you can see and change your consents, cancel event registrations, see who received
          your data and follow your requests.
        </p>
        <p>
          <SignInLink returnTo="/my">Sign in with a code sent to your email</SignInLink>
        </p>
      </>
    );
  }
  return <SignedInPrivacy token={token} />;
}

function SignedInPrivacy({ token }: { token: string }) {
  const loaded = useLoad(() => request(MyPrivacy, {}, token), [token]);
  if (loaded.loading && !loaded.data) return <Loading what="your privacy settings" />;
  if (!loaded.data) {
    return (
      <>
        <PageHeading>My privacy</PageHeading>
        <ErrorNotice error={loaded.error} />
        <p>
          <SignInLink returnTo="/my">Sign in again</SignInLink>
        </p>
      </>
    );
  }
  const { me, purposes, notices, privacySignals } = loaded.data;
  const gpc = privacySignals.globalPrivacyControl;
  return (
    <>
      <PageHeading>My privacy</PageHeading>
      {me ? (
        <p>
          Signed in as <strong>{me.email}</strong>.
        </p>
      ) : (
        <p>We hold nothing about you yet under the address you signed in with.</p>
      )}
      {gpc && <GlobalPrivacyControlNotice />}
      {me?.restricted && (
        <p class="banner">
          At your request, the use of your data is restricted: we keep it, but do not share it or
          use it for marketing.
        </p>
      )}
      <ConsentsSection
        token={token}
        purposes={purposes}
        notices={notices}
        consents={me?.consents ?? []}
        globalPrivacyControl={gpc}
      />
      <SeparateConsentsSection
        token={token}
        notices={notices}
        consents={me?.separateConsents ?? []}
        offered={(me?.registrations ?? [])
          .filter((registration) => registration.status === 'REGISTERED')
          .flatMap((registration) => registration.event.separateConsentDisclosures)}
      />
      <RegistrationsSection token={token} registrations={me?.registrations ?? []} />
      <SharingSection records={me?.sharingRecords ?? []} />
      <RequestsSection requests={me?.requests ?? []} />
      <p>
        <a href={routeHref('/request')}>Make a request about your data</a>
      </p>
    </>
  );
}
