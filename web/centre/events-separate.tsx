import type { DisclosureShownFragment } from '../gql/graphql';
import { choiceKey, DisclosureFacts, scopeAction, SCOPE_WORDS } from './separate-consent';

interface SeparateConsentsProps {
  disclosures: readonly DisclosureShownFragment[];
  chosen: ReadonlySet<string>;
  onChange: (key: string, on: boolean) => void;
}

/**
 * PIPL separate consents: one unticked box per partner and scope, each with
 * what the law says the person must be told before it, and none needed to
 * register.
 */
export function SeparateConsentsFieldset({ disclosures, chosen, onChange }: SeparateConsentsProps) {
  if (disclosures.length === 0) return null;
  return (
    <fieldset>
      <legend>Sharing with other organisations (optional)</legend>
      <p class="hint" id="separate-consents-about">
        China’s Personal Information Protection Law asks for your separate consent before we give
        your data to an organisation that decides itself how to use it, or send it abroad. Each is
        asked on its own. Saying no to any of them does not affect your registration: you are
        registered either way, and we do not share your data on these grounds.
      </p>
      {disclosures.map((disclosure) => {
        const key = choiceKey(disclosure);
        const id = `separate-${key.replace(/[^A-Za-z0-9_-]/g, '-')}`;
        return (
          <div class="card" key={key}>
            <p class="muted">{SCOPE_WORDS[disclosure.scope]}</p>
            <div class="choice">
              <input
                type="checkbox"
                id={id}
                checked={chosen.has(key)}
                aria-describedby={`${id}-facts`}
                onChange={(event) => onChange(key, event.currentTarget.checked)}
              />
              <label for={id}>{scopeAction(disclosure.scope, disclosure.partner.name)}</label>
            </div>
            <DisclosureFacts disclosure={disclosure} id={`${id}-facts`} />
          </div>
        );
      })}
    </fieldset>
  );
}
