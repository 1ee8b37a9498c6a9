import type { Caller, Role } from '../../domain/caller';
import { ROLES } from '../../domain/constants';
import { ForbiddenError, UnauthenticatedError } from '../../domain/errors';
import { authorize, guardResolvers } from '../../resolvers/access';

const CALLERS: Record<Role, Caller> = {
  PUBLIC: { role: 'PUBLIC' },
  SUBJECT: { role: 'SUBJECT', sub: 'person', email: 'ada@example.org' },
  PARTNER: { role: 'PARTNER', sub: 'partner:acme', partnerId: 'acme' },
  ADMIN: { role: 'ADMIN', sub: 'admin' },
};

const LET_THROUGH = 'is let through';
const SIGN_IN = 'is asked to sign in (UNAUTHENTICATED)';
const REFUSED = 'is refused (FORBIDDEN)';
type Outcome = typeof LET_THROUGH | typeof SIGN_IN | typeof REFUSED;

/** What each role meets under each kind of rule. */
const RULES: [string, readonly Role[] | undefined, Record<Role, Outcome>][] = [
  [
    'open to the public',
    ['PUBLIC'],
    { PUBLIC: LET_THROUGH, SUBJECT: LET_THROUGH, PARTNER: LET_THROUGH, ADMIN: LET_THROUGH },
  ],
  [
    'for admins',
    ['ADMIN'],
    { PUBLIC: SIGN_IN, SUBJECT: REFUSED, PARTNER: REFUSED, ADMIN: LET_THROUGH },
  ],
  [
    'for people',
    ['SUBJECT'],
    { PUBLIC: SIGN_IN, SUBJECT: LET_THROUGH, PARTNER: REFUSED, ADMIN: REFUSED },
  ],
  [
    'for admins and partners',
    ['ADMIN', 'PARTNER'],
    { PUBLIC: SIGN_IN, SUBJECT: REFUSED, PARTNER: LET_THROUGH, ADMIN: LET_THROUGH },
  ],
  [
    'for people and admins',
    ['SUBJECT', 'ADMIN'],
    { PUBLIC: SIGN_IN, SUBJECT: LET_THROUGH, PARTNER: REFUSED, ADMIN: LET_THROUGH },
  ],
  [
    'that lists nobody',
    [],
    { PUBLIC: SIGN_IN, SUBJECT: REFUSED, PARTNER: REFUSED, ADMIN: REFUSED },
  ],
  // A field without a rule is refused to everyone, even to a caller without a token.
  [
    'that is missing',
    undefined,
    { PUBLIC: REFUSED, SUBJECT: REFUSED, PARTNER: REFUSED, ADMIN: REFUSED },
  ],
];

const ERROR_OF = { [SIGN_IN]: UnauthenticatedError, [REFUSED]: ForbiddenError };

describe.each(RULES)('authorize, under a rule %s', (_rule, allowed, outcomes) => {
  it.each(ROLES.map((role) => [role, outcomes[role]] as const))('%s %s', (role, outcome) => {
    const check = () => authorize(CALLERS[role], allowed);
    if (outcome === LET_THROUGH) expect(check).not.toThrow();
    else expect(check).toThrow(ERROR_OF[outcome]);
  });
});

describe('guardResolvers', () => {
  it('refuses everyone, admins too, a root field that has no access rule', () => {
    const guarded = guardResolvers(
      { Query: { unlisted: () => 'secret' } },
      { Query: ['unlisted'] },
    ) as { Query: { unlisted: (...args: unknown[]) => unknown } };
    for (const caller of Object.values(CALLERS)) {
      expect(() => guarded.Query.unlisted(null, {}, { caller }, null)).toThrow(ForbiddenError);
    }
  });

  it('runs the resolver of a field the caller’s role may use', () => {
    const guarded = guardResolvers(
      { Query: { notices: () => ['site'] } },
      { Query: ['notices'] },
    ) as { Query: { notices: (...args: unknown[]) => unknown } };
    expect(guarded.Query.notices(null, {}, { caller: CALLERS.PUBLIC }, null)).toEqual(['site']);
  });
});
