import type { Caller } from '../../domain/caller';
import { UnauthenticatedError } from '../../domain/errors';
import {
  callerFromClaims,
  createAuthenticator,
  type Authenticator,
} from '../../resolvers/authenticate';
import { createTestApi, TEST_SECRET, tokenFor } from '../support/harness';

describe('callerFromClaims: the caller a verified token describes', () => {
  it.each<[string, Record<string, unknown>, Caller]>([
    [
      'the admin group: ADMIN',
      { sub: 'a', 'cognito:groups': ['admin'] },
      { role: 'ADMIN', sub: 'a' },
    ],
    [
      'the admin and partner groups: ADMIN, the stronger',
      { sub: 'a', 'cognito:groups': ['partner', 'admin'], 'custom:partnerId': 'acme' },
      { role: 'ADMIN', sub: 'a' },
    ],
    [
      'the partner group with a partner id: that PARTNER',
      { sub: 'p', 'cognito:groups': ['partner'], 'custom:partnerId': 'acme' },
      { role: 'PARTNER', sub: 'p', partnerId: 'acme' },
    ],
    [
      'no group and a verified email: the SUBJECT with that address, in lower case',
      { sub: 's', email: 'Ada@Example.org', email_verified: true },
      { role: 'SUBJECT', sub: 's', email: 'ada@example.org' },
    ],
    [
      'a verified email given as the string "true", as Cognito ID tokens do',
      { sub: 's', email: 'ada@example.org', email_verified: 'true' },
      { role: 'SUBJECT', sub: 's', email: 'ada@example.org' },
    ],
    [
      'an unverified email: a SUBJECT without an address',
      { sub: 's', email: 'ada@example.org', email_verified: false },
      { role: 'SUBJECT', sub: 's', email: null },
    ],
    [
      'an email without a word on its verification: a SUBJECT without an address',
      { sub: 's', email: 'ada@example.org' },
      { role: 'SUBJECT', sub: 's', email: null },
    ],
    [
      'no groups and no email: a SUBJECT without an address',
      { sub: 's' },
      { role: 'SUBJECT', sub: 's', email: null },
    ],
    [
      'groups that are not a list: no groups',
      { sub: 's', 'cognito:groups': 'admin' },
      { role: 'SUBJECT', sub: 's', email: null },
    ],
    [
      'a group the service does not know: no role from it',
      { sub: 's', 'cognito:groups': ['editors'] },
      { role: 'SUBJECT', sub: 's', email: null },
    ],
  ])('reads %s', (_case, claims, caller) => {
    expect(callerFromClaims(claims)).toEqual(caller);
  });

  it.each<[string, Record<string, unknown>]>([
    ['no subject', { 'cognito:groups': ['admin'] }],
    ['an empty subject', { sub: '', 'cognito:groups': ['admin'] }],
    ['the partner group without a partner id', { sub: 'p', 'cognito:groups': ['partner'] }],
    [
      'the partner group with an empty partner id',
      { sub: 'p', 'cognito:groups': ['partner'], 'custom:partnerId': '' },
    ],
  ])('refuses a token with %s as UNAUTHENTICATED', (_case, claims) => {
    expect(() => callerFromClaims(claims)).toThrow(UnauthenticatedError);
  });
});

describe('the Authorization header', () => {
  let authenticate: Authenticator;
  beforeAll(async () => {
    const { services } = await createTestApi();
    authenticate = createAuthenticator({ kind: 'local', secret: TEST_SECRET }, services);
  });

  it.each([
    ['absent', undefined],
    ['empty', ''],
    ['blank', '   '],
  ])('makes a PUBLIC caller when it is %s', async (_case, header) => {
    await expect(authenticate(header)).resolves.toEqual({ role: 'PUBLIC' });
  });

  it.each<[string, (token: string) => string]>([
    ['"Bearer <token>"', (token) => `Bearer ${token}`],
    ['"bearer <token>", in any case', (token) => `bearer ${token}`],
    ['"Bearer <token>" with spaces around the token', (token) => `Bearer   ${token}  `],
  ])('reads %s', async (_case, header) => {
    const token = await tokenFor({ role: 'admin', name: 'editor' });
    await expect(authenticate(header(token))).resolves.toEqual({ role: 'ADMIN', sub: 'editor' });
  });

  it.each([
    ['another scheme', 'Basic dXNlcjpwYXNz'],
    ['"Bearer" without a token', 'Bearer'],
    ['two tokens', 'Bearer one two'],
  ])('refuses %s as UNAUTHENTICATED', async (_case, header) => {
    await expect(authenticate(header)).rejects.toThrow(UnauthenticatedError);
  });
});
