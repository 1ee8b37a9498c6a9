import { graphql } from '../gql';
import type { ProcessingRegisterQuery, RecipientKind } from '../gql/graphql';
import { ErrorNotice, Loading, PageHeading } from '../shared/components';
import { formatDate, formatDateTime } from '../shared/format';
import { useLoad } from '../shared/hooks';
import { routeHref } from '../shared/router';
import {
  DATA_CATEGORY_LABELS,
  HANDLER_ROLE_LABELS,
  LAWFUL_BASIS_LABELS,
  partnerWithRole,
  RECIPIENT_KIND_LABELS,
  SEPARATE_CONSENT_SCOPE_LABELS,
} from './labels';
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
        role
        contact
      }
      thirdCountryTransfers
      securityMeasures
      impactAssessments {
        id
        partner {
          id
          name
          role
          country
        }
        scopes
        conductedAt
        reviewBy
        summary
        risks
        safeguards
      }
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

type Assessment = ProcessingRegisterQuery['processingRegister']['impactAssessments'][number];

/** One assessment as the register prints it; a review date before `asOf` is marked overdue. */
function ImpactAssessmentRecord({ assessment, asOf }: { assessment: Assessment; asOf: string }) {
  const headingId = `assessment-${assessment.id}`;
  const { partner } = assessment;
  const reviewOverdue = Date.parse(assessment.reviewBy) < Date.parse(asOf);
  return (
    <section aria-labelledby={headingId}>
      <h3 id={headingId}>
        {partner.name}, assessed {formatDate(assessment.conductedAt)}
      </h3>
      <dl class="facts">
        <dt>Partner</dt>
        <dd>{partnerWithRole(partner)}</dd>
        <dt>Covers</dt>
        <dd>{assessment.scopes.map((scope) => SEPARATE_CONSENT_SCOPE_LABELS[scope]).join('; ')}</dd>
        <dt>Conducted</dt>
        <dd>{formatDate(assessment.conductedAt)}</dd>
        <dt>Review by</dt>
        <dd>
          {formatDate(assessment.reviewBy)}
          {reviewOverdue && (
            <>
              {' '}
              <strong class="overdue">Review overdue: no longer covers sharing</strong>
            </>
          )}
        </dd>
        <dt>Summary</dt>
        <dd class="prose">
          <p>{assessment.summary}</p>
        </dd>
        <dt>Risks</dt>
        <dd class="prose">
          <p>{assessment.risks}</p>
        </dd>
        <dt>Safeguards</dt>
        <dd class="prose">
          <p>{assessment.safeguards}</p>
        </dd>
      </dl>
    </section>
  );
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
            // Focusable: on a narrow screen the table scrolls sideways, and the keyboard must reach it.
            <div class="table-wrap" role="region" aria-labelledby="recipients-caption" tabIndex={0}>
              <table>
                <caption id="recipients-caption" class="muted">
                  Every recipient, with its role under PIPL
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Recipient</th>
                    <th scope="col">Kind</th>
                    <th scope="col">Country</th>
                    <th scope="col">Handler role</th>
                    <th scope="col">Contact</th>
                  </tr>
                </thead>
                <tbody>
                  {register.recipients.map((recipient) => (
                    <tr key={recipient.id}>
                      <th scope="row">{recipient.name}</th>
                      <td>{RECIPIENT_KIND_LABELS[recipient.kind]}</td>
                      <td>{recipient.country ?? 'Not given'}</td>
                      <td>{HANDLER_ROLE_LABELS[recipient.role]}</td>
                      <td class="breakable">{recipient.contact ?? 'Not given'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
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

          <h2>Impact assessments (PIPL Arts. 55-56)</h2>
          <p>
            Assessed before personal data goes to another handler or abroad, and kept at least three
            years.
          </p>
          <div class="actions">
            <a class="button" href={routeHref('/register/impact-assessments/new')}>
              Record an impact assessment
            </a>
          </div>
          {register.impactAssessments.length === 0 && <p>No impact assessment is on record.</p>}
          {register.impactAssessments.map((assessment) => (
            <ImpactAssessmentRecord
              key={assessment.id}
              assessment={assessment}
              asOf={register.generatedAt}
            />
          ))}
        </article>
      )}
    </>
  );
}
