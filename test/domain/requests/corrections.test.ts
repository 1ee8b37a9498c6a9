import type { DataCategory, RequestType } from '../../../domain/constants';
import { BadInputError } from '../../../domain/errors';
import { validCorrections, type SubmitInput } from '../../../domain/requests/requests';
import type { Correction } from '../../../domain/requests/types';

const rectification = (corrections: Correction[] | null): SubmitInput => ({
  type: 'RECTIFICATION',
  email: 'ada@example.org',
  corrections,
});

describe('validCorrections: what a RECTIFICATION request may correct', () => {
  it.each<[DataCategory, string, string]>([
    ['NAME', '  Ada King ', 'Ada King'],
    ['EMAIL', ' Ada.King@Example.org ', 'ada.king@example.org'],
    ['COUNTRY', 'DE', 'DE'],
    ['ORGANIZATION', 'Analytical Engines Ltd', 'Analytical Engines Ltd'],
    ['JOB_TITLE', 'Mathematician', 'Mathematician'],
    ['INDUSTRY', 'Research', 'Research'],
    ['POSTAL_ADDRESS', '12 St James’s Square, London', '12 St James’s Square, London'],
    ['PHONE', '+44 20 0000 0000', '+44 20 0000 0000'],
    ['ORGANIZATION_TYPE', 'University', 'University'],
  ])('corrects %s, keeping %p as %p', (category, value, kept) => {
    expect(validCorrections(rectification([{ category, value }]))).toEqual([
      { category, value: kept },
    ]);
  });

  it('corrects several categories at once, in the order given', () => {
    const corrections: Correction[] = [
      { category: 'COUNTRY', value: 'FR' },
      { category: 'NAME', value: 'Ada King' },
    ];
    expect(validCorrections(rectification(corrections))).toEqual(corrections);
  });

  it.each<[string, Correction[] | null]>([
    ['no corrections', null],
    ['an empty list of corrections', []],
    [
      'one category corrected twice',
      [
        { category: 'NAME', value: 'Ada King' },
        { category: 'NAME', value: 'Ada Lovelace' },
      ],
    ],
    ['a category not held in a correctable form (PAYMENT)', [{ category: 'PAYMENT', value: 'x' }]],
    [
      'a category not held in a correctable form (USAGE_DATA)',
      [{ category: 'USAGE_DATA', value: 'x' }],
    ],
    ['an EMAIL that is not an address', [{ category: 'EMAIL', value: 'ada at example.org' }]],
    ['an EMAIL without a domain', [{ category: 'EMAIL', value: 'ada@example' }]],
    ['a COUNTRY that is a name, not a code', [{ category: 'COUNTRY', value: 'Germany' }]],
    ['a COUNTRY code in lower case', [{ category: 'COUNTRY', value: 'de' }]],
    ['a blank value', [{ category: 'NAME', value: '   ' }]],
    ['a value over 500 characters', [{ category: 'NAME', value: 'x'.repeat(501) }]],
  ])('refuses a RECTIFICATION request with %s', (_case, corrections) => {
    expect(() => validCorrections(rectification(corrections))).toThrow(BadInputError);
  });

  it.each<RequestType>(['ACCESS', 'ERASURE', 'RESTRICTION', 'OBJECTION', 'WITHDRAW_CONSENT'])(
    'refuses corrections on an %s request',
    (type) => {
      const input: SubmitInput = {
        type,
        email: 'ada@example.org',
        corrections: [{ category: 'NAME', value: 'Ada' }],
      };
      expect(() => validCorrections(input)).toThrow(BadInputError);
    },
  );

  it.each<[string, Correction[] | null | undefined]>([
    ['no corrections', undefined],
    ['null corrections', null],
    ['an empty list', []],
  ])('takes an ACCESS request with %s as one without corrections (null)', (_case, corrections) => {
    expect(validCorrections({ type: 'ACCESS', email: 'ada@example.org', corrections })).toBeNull();
  });
});
