/** PIPL separate consent (Arts. 23, 39): what a person is told before each one, in plain words. */
import { Fragment } from 'preact';
import { graphql } from '../gql';
import type { DisclosureShownFragment, SeparateConsentScope } from '../gql/graphql';
import { categoriesInWords } from './my-privacy-words';

graphql(`
  fragment DisclosureShown on SeparateConsentDisclosure {
    partner {
      id
      name
    }
    scope
    recipientName
    recipientContact
    recipientCountry
    purposes
    categories
    processingMethod
    rightsProcedure
  }
`);

/** What the consent lets us do, named by the recipient: the words of its tick box. */
export function scopeAction(scope: SeparateConsentScope, partnerName: string): string {
  switch (scope) {
    case 'PROVISION_TO_HANDLER':
      return `Give my data to ${partnerName}, which decides itself how to use it`;
    case 'CROSS_BORDER':
      return `Send my data abroad to ${partnerName}`;
  }
}

/** The scope as the law names it, for a heading or a list. */
export const SCOPE_WORDS: Record<SeparateConsentScope, string> = {
  PROVISION_TO_HANDLER: 'Providing your data to another organisation (PIPL Art. 23)',
  CROSS_BORDER: 'Sending your data abroad (PIPL Art. 39)',
};

/** A consent's heading, after the recipient's name: what the recipient does with the data. */
export const SCOPE_HEADING: Record<SeparateConsentScope, string> = {
  PROVISION_TO_HANDLER: 'receiving your data',
  CROSS_BORDER: 'receiving your data abroad',
};

/** The key of one tick: a partner and a scope, never several. */
export function choiceKey(choice: { partner: { id: string }; scope: SeparateConsentScope }) {
  return `${choice.partner.id}/${choice.scope}`;
}

function countryName(code: string | null | undefined): string | null {
  if (!code) return null;
  return new Intl.DisplayNames(['en'], { type: 'region' }).of(code) ?? code;
}

/**
 * Everything PIPL says the person must be told first: the recipient's name,
 * contact, country, purposes, processing method and the data, and for a
 * transfer abroad how to exercise one's rights against the recipient.
 */
export function DisclosureFacts({
  disclosure,
  id,
}: {
  disclosure: DisclosureShownFragment;
  id?: string;
}) {
  const rows: [string, string][] = [
    ['Recipient', disclosure.recipientName],
    ['Contact', disclosure.recipientContact ?? 'Not given: ask us'],
  ];
  const country = countryName(disclosure.recipientCountry);
  if (country) rows.push(['Country or region', country]);
  rows.push(
    ['For', disclosure.purposes.join('; ') || 'Not given: ask us'],
    ['How they process it', disclosure.processingMethod ?? 'Not given: ask us'],
    ['Your data concerned', categoriesInWords(disclosure.categories)],
  );
  if (disclosure.scope === 'CROSS_BORDER') {
    rows.push([
      'Your rights against them',
      disclosure.rightsProcedure ?? 'Ask us: we pass your request on and answer it with them.',
    ]);
  }
  return (
    <dl class="facts" id={id}>
      {rows.map(([label, value]) => (
        <Fragment key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </Fragment>
      ))}
    </dl>
  );
}
