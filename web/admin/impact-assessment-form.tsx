import { useId, useState } from 'preact/hooks';
import { graphql } from '../gql';
import type { SeparateConsentScope } from '../gql/graphql';
import { ErrorNotice, Field, Loading, PageHeading } from '../shared/components';
import { useAction, useLoad } from '../shared/hooks';
import { navigate, routeHref } from '../shared/router';
import { instantOfDay, pastInstantOfDay, todayInputValue } from './days';
import { partnerWithRole, SEPARATE_CONSENT_SCOPE_LABELS, SEPARATE_CONSENT_SCOPES } from './labels';
import { useAdminSession } from './session';

const AssessablePartners = graphql(`
  query AssessablePartners {
    partners {
      id
      name
      role
      country
    }
  }
`);

const RecordImpactAssessment = graphql(`
  mutation RecordImpactAssessment($input: ImpactAssessmentInput!) {
    recordImpactAssessment(input: $input) {
      id
    }
  }
`);

interface AssessmentDraft {
  partnerId: string;
  scopes: SeparateConsentScope[];
  conductedOn: string;
  /** Empty: one year after the assessment, as the API defaults it. */
  reviewBy: string;
  summary: string;
  risks: string;
  safeguards: string;
}

const EMPTY_DRAFT: AssessmentDraft = {
  partnerId: '',
  scopes: [],
  conductedOn: '',
  reviewBy: '',
  summary: '',
  risks: '',
  safeguards: '',
};

const TEXTS = [
  {
    key: 'summary',
    label: 'Summary',
    hint: 'What is provided, to whom and why; whether the purpose and the method are lawful, fair and necessary.',
  },
  {
    key: 'risks',
    label: 'Risks',
    hint: "The impact on the people's rights and interests, and the security risks.",
  },
  {
    key: 'safeguards',
    label: 'Safeguards',
    hint: 'The protective measures taken, and whether they are lawful, effective and suited to the risk.',
  },
] as const;

/**
 * Records a PIPL personal information protection impact assessment (Arts.
 * 55-56) for one partner: the assessment that must be on record, with the
 * person's separate consent, before data goes to another handler or abroad.
 */
export function ImpactAssessmentFormPage() {
  const { call } = useAdminSession();
  const partners = useLoad(() => call(AssessablePartners, {}), []);
  const [draft, setDraft] = useState<AssessmentDraft>(EMPTY_DRAFT);
  const [scopesMissing, setScopesMissing] = useState(false);
  const set = (changes: Partial<AssessmentDraft>) => setDraft({ ...draft, ...changes });
  const scopesId = useId();
  const record = useAction(() =>
    call(RecordImpactAssessment, {
      input: {
        partnerId: draft.partnerId,
        scopes: draft.scopes,
        conductedAt: pastInstantOfDay(draft.conductedOn),
        reviewBy: draft.reviewBy ? instantOfDay(draft.reviewBy) : null,
        summary: draft.summary.trim(),
        risks: draft.risks.trim(),
        safeguards: draft.safeguards.trim(),
      },
    }),
  );

  const submit = async (event: Event) => {
    event.preventDefault();
    const lacking = draft.scopes.length === 0;
    setScopesMissing(lacking);
    if (lacking) return;
    if (await record.run()) navigate('/register');
  };
  const toggleScope = (scope: SeparateConsentScope, on: boolean) =>
    set({
      scopes: on ? [...draft.scopes, scope] : draft.scopes.filter((other) => other !== scope),
    });

  return (
    <>
      <PageHeading>Record an impact assessment</PageHeading>
      <p>
        <a href={routeHref('/register')}>Back to the register</a>
      </p>
      <p>
        PIPL Arts. 55-56: before personal data is provided to another handler or abroad, the
        assessment covering that partner must be on record and not past its review date. It is kept
        at least three years and listed in the register.
      </p>
      {partners.loading && <Loading what="the partners" />}
      <ErrorNotice error={partners.error} />
      {partners.data && partners.data.partners.length === 0 && (
        <p>No partner is registered yet: an assessment is about one partner.</p>
      )}
      {partners.data && partners.data.partners.length > 0 && (
        <form onSubmit={(event) => void submit(event)}>
          <Field label="Partner">
            {(attributes) => (
              <select
                {...attributes}
                required
                value={draft.partnerId}
                onChange={(event) => set({ partnerId: event.currentTarget.value })}
              >
                <option value="">Choose a partner</option>
                {partners.data?.partners.map((partner) => (
                  <option key={partner.id} value={partner.id}>
                    {partnerWithRole(partner)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <fieldset aria-describedby={`${scopesId}-hint`}>
            <legend>What it covers</legend>
            <p class="hint" id={`${scopesId}-hint`}>
              Tick each provision the assessment examined.
            </p>
            {SEPARATE_CONSENT_SCOPES.map((scope) => (
              <div class="choice" key={scope}>
                <input
                  id={`${scopesId}-${scope}`}
                  type="checkbox"
                  checked={draft.scopes.includes(scope)}
                  onChange={(event) => toggleScope(scope, event.currentTarget.checked)}
                />
                <label for={`${scopesId}-${scope}`}>{SEPARATE_CONSENT_SCOPE_LABELS[scope]}</label>
              </div>
            ))}
          </fieldset>
          <Field label="Conducted on" hint="Today or earlier.">
            {(attributes) => (
              <input
                {...attributes}
                type="date"
                required
                max={todayInputValue()}
                value={draft.conductedOn}
                onInput={(event) => set({ conductedOn: event.currentTarget.value })}
              />
            )}
          </Field>
          <Field
            label="Review by (optional)"
            hint="Leave empty for one year after the assessment. Past this day it no longer covers any sharing."
          >
            {(attributes) => (
              <input
                {...attributes}
                type="date"
                min={draft.conductedOn || undefined}
                value={draft.reviewBy}
                onInput={(event) => set({ reviewBy: event.currentTarget.value })}
              />
            )}
          </Field>
          {TEXTS.map((text) => (
            <Field key={text.key} label={text.label} hint={text.hint}>
              {(attributes) => (
                <textarea
                  {...attributes}
                  rows={4}
                  required
                  value={draft[text.key]}
                  onInput={(event) => set({ [text.key]: event.currentTarget.value })}
                />
              )}
            </Field>
          ))}
          <ErrorNotice
            error={scopesMissing ? 'Tick at least one provision it covers.' : record.error}
          />
          <div class="actions">
            <button type="submit" disabled={record.busy}>
              {record.busy ? 'Recording…' : 'Record the assessment'}
            </button>
          </div>
        </form>
      )}
    </>
  );
}
