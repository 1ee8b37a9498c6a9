import { completeSubjectRequest } from '../../../domain/requests/fulfilment';
import { upsertPartner } from '../../../domain/partners';
import { resultOf, submitSubjectRequest } from '../../../domain/requests/requests';
import { freshServices } from '../../../domain/services';
import { recordSharing } from '../../../domain/sharing';
import { unique, uniqueEmail } from '../../support/factories';
import { ADMIN, createTestApi, type TestApi } from '../../support/harness';

let t: TestApi;

beforeAll(async () => {
  t = await createTestApi();
});

describe('an access export', () => {
  // 800 disclosures are 800 transactions: room for a busy machine, which this test does not time.
  it('holds everything even when it is larger than one DynamoDB item', async () => {
    const email = uniqueEmail('prolific');
    const archive = await upsertPartner(t.services, ADMIN, {
      id: unique('archive'),
      name: 'Archive',
      kind: 'SERVICE_PROVIDER',
    });
    const request = await submitSubjectRequest(t.services, ADMIN, {
      type: 'ACCESS',
      email,
      identityVerified: true,
    });
    const purpose = 'x'.repeat(480);
    for (let batch = 0; batch < 16; batch += 1) {
      await Promise.all(
        Array.from({ length: 50 }, () =>
          recordSharing(freshServices(t.services), ADMIN, {
            partnerId: archive.id,
            subjectEmail: email,
            categories: ['NAME', 'EMAIL'],
            purpose,
            situation: 'SERVICE_PROVIDER',
          }),
        ),
      );
    }
    const done = await completeSubjectRequest(freshServices(t.services), ADMIN, request.id, null);
    expect(done.resultParts).toBeGreaterThan(1);
    const result = (await resultOf(t.services, done)) as { sharingRecords: unknown[] };
    expect(result.sharingRecords).toHaveLength(800);
    expect(Buffer.byteLength(JSON.stringify(result))).toBeGreaterThan(400 * 1024);
  }, 90_000);
});
