import { graphql } from '../gql';
import type { RecipientKind } from '../gql/graphql';
import { ErrorNotice, Loading, PageHeading } from '../shared/components';
import { formatDateTime } from '../shared/format';
import { useLoad } from '../shared/hooks';
import { DATA_CATEGORY_LABELS, LAWFUL_BASIS_LABELS, RECIPIENT_KIND_LABELS } from './labels';
import { useAdminSession } from './session';

const ProcessingRegister = graphql(`
  query ProcessingRegister {
    processingRegister {
      generatedAt
      controller {
        name
        address
        email
        phone
        url
      }
      activities {
        purpose {
          id
          name
          description
        }
        dpvPurpose
        lawfulBasis
        dpvLawfulBasis
        dataCategories {
          category
          dpv
        }
        dataSubjects
        events {
          id
          title
        }
        recipients {
          id
          name
          kind
          country
        }
        retentionDays
      }
      recipients {
        id
        name
        kind
        country
      }
      thirdCountryTransfers
      securityMeasures
    }
  }
`);

function retentionText(days: number | null): string {
  if (days === null) return 'No period set';
  return `${days} day${days === 1 ? '' : 's'}`;
}

interface Recipient {
  name: string;
  kind: RecipientKind;
  country: string | null;
}

function recipientText({ name, kind, country }: Recipient): string {
  return `${name} (${RECIPIENT_KIND_LABELS[kind]}${country ? `, ${country}` : ''})`;
}

/** The record of processing activities (GDPR Art. 30), laid out to be read and printed. */
export function RegisterPage() {
  const { call } = useAdminSession();
  const loaded = useLoad(() => call(ProcessingRegister, {}), []);
  const register = loaded.data?.processingRegister;
  return (
    <>
      <PageHeading>Register of processing activities</PageHeading>
      {loaded.loading && <Loading what="the register" />}
      <ErrorNotice error={loaded.error} />
      {register && (
        <article>
          <p>
            The record the controller keeps under GDPR Art. 30(1), as of{' '}
            {formatDateTime(register.generatedAt)}.
          </p>
          <div class="actions">
            <button type="button" onClick={() => window.print()}>
              Print
            </button>
          </div>

          <h2>Controller</h2>
          <dl class="facts">
            <dt>Name</dt>
            <dd>{register.controller.name}</dd>
            <dt>Address</dt>
            <dd>{register.controller.address}</dd>
            {register.controller.email && (
              <>
                <dt>Email</dt>
                <dd>{register.controller.email}</dd>
              </>
            )}
            {register.controller.phone && (
              <>
                <dt>Phone</dt>
                <dd>{register.controller.phone}</dd>
              </>
            )}
            {register.controller.url && (
              <>
                <dt>Web site</dt>
                <dd>{register.controller.url}</dd>
              </>
            )}
          </dl>

          <h2>Processing activities</h2>
          {register.activities.length === 0 && <p>No purpose is registered.</p>}
          {register.activities.map((activity) => (
            <section
              key={activity.purpose.id}

              aria-labelledby={`activity-${activity.purpose.id}`}
            >
              <h3 id={`activity-${activity.purpose.id}`}>{activity.purpose.name}</h3>
              {activity.purpose.description && <p>{activity.purpose.description}</p>}
              <dl class="facts">
                <dt>Purpose</dt>
                <dd class="breakable">
                  {activity.purpose.id} <span class="muted">({activity.dpvPurpose})</span>
                </dd>
                <dt>Lawful basis</dt>
                <dd class="breakable">
                  {LAWFUL_BASIS_LABELS[activity.lawfulBasis]}{' '}
                  <span class="muted">({activity.dpvLawfulBasis.join(', ')})</span>
                </dd>
                <dt>Categories of personal data</dt>
                <dd>
                  {activity.dataCategories.length === 0
                    ? 'None'
                    : activity.dataCategories
                        .map((category) => DATA_CATEGORY_LABELS[category.category])
                        .join(', ')}
                </dd>
                <dt>Categories of data subjects</dt>
                <dd>{activity.dataSubjects.join(', ') || 'None named'}</dd>
                <dt>Recipients</dt>
                <dd>
                  {activity.recipients.length === 0
                    ? 'None'
                    : activity.recipients.map(recipientText).join('; ')}
                </dd>
                <dt>Events collecting data for it</dt>
                <dd>
                  {activity.events.length === 0
                    ? 'None'
                    : activity.events.map((event) => event.title).join('; ')}
                </dd>
                <dt>Retention</dt>
                <dd>{retentionText(activity.retentionDays)}</dd>
              </dl>
            </section>
          ))}

          <h2>Recipients</h2>
          {register.recipients.length === 0 ? (
            <p>No recipient receives personal data.</p>
          ) : (
            <ul>
              {register.recipients.map((recipient) => (
                <li key={recipient.id}>{recipientText(recipient)}</li>
              ))}
            </ul>
          )}

          <h2>Transfers to third countries</h2>
          <p>
            {register.thirdCountryTransfers.length === 0
              ? 'None.'
              : register.thirdCountryTransfers.join(', ')}
          </p>

          <h2>Technical and organisational security measures</h2>
          <ul>
            {register.securityMeasures.map((measure) => (
              <li key={measure}>{measure}</li>
            ))}
          </ul>
        </article>
      )}
    </>
  );
}
