import { auditLog } from '../../domain/audit';
import type { Caller } from '../../domain/caller';
import {
  createNotice,
  diffSections,
  findVersion,
  getNotice,
  listVersions,
  noticeInEffect,
  publishNoticeVersion,
  saveNoticeDraft,
  sectionChanges,
} from '../../domain/notices';
import { BOUNDS } from '../../domain/validation';
import { unique } from '../support/factories';
import { ADMIN, createTestApi, type TestApi } from '../support/harness';
import { sections } from '../support/notices';

const PUBLIC: Caller = { role: 'PUBLIC' };
const HOUR = 3_600_000;

let t: TestApi;

beforeAll(async () => {
  t = await createTestApi();
});

async function newNotice() {
  return createNotice(t.services, ADMIN, { id: unique('notice'), title: 'Privacy notice' });
}

async function reload(id: string) {
  const notice = await getNotice(t.services, id);
  if (!notice) throw new Error('notice vanished');
  return notice;
}

describe('drafts', () => {
  it('numbers the first draft 1 and replaces the open draft instead of adding another', async () => {
    const notice = await newNotice();
    const first = await saveNoticeDraft(t.services, ADMIN, {
      noticeId: notice.id,
      sections: sections(),
    });
    const again = await saveNoticeDraft(t.services, ADMIN, {
      noticeId: notice.id,
      sections: sections({ contact: { body: 'Call us.' } }),
      changeSummary: 'Contact by phone',
    });
    expect(first).toMatchObject({ number: 1, status: 'DRAFT' });
    expect(again).toMatchObject({ number: 1, status: 'DRAFT', changeSummary: 'Contact by phone' });
    const stored = await findVersion(t.services, ADMIN, notice.id, 1);
    expect(stored?.sections.find((s) => s.key === 'contact')?.body).toBe('Call us.');
  });

  it('gives the draft after a publication the next number, never reusing one', async () => {
    const notice = await newNotice();
    await saveNoticeDraft(t.services, ADMIN, { noticeId: notice.id, sections: sections() });
    await publishNoticeVersion(t.services, ADMIN, {
      noticeId: notice.id,
      number: 1,
      material: true,
    });
    const next = await saveNoticeDraft(t.services, ADMIN, {
      noticeId: notice.id,
      sections: sections(),
    });
    expect(next.number).toBe(2);
  });

  it.each([
    ['duplicate section keys', [...sections(), { key: 'contact', heading: 'Again', body: 'x' }]],
    ['no sections', []],
    ['a blank heading', sections({ contact: { heading: '  ' } })],
    ['a key with spaces', sections({ 'bad key': {} })],
    [
      'a body over the size bound',
      sections({ contact: { body: 'x'.repeat(BOUNDS.longTextLength + 1) } }),
    ],
  ])('refuses %s with BAD_USER_INPUT and changes nothing', async (_case, bad) => {
    const notice = await newNotice();
    await expect(
      saveNoticeDraft(t.services, ADMIN, { noticeId: notice.id, sections: bad }),
    ).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    expect((await reload(notice.id)).lastNumber).toBe(0);
  });

  it('refuses an unknown notice with NOT_FOUND', async () => {
    await expect(
      saveNoticeDraft(t.services, ADMIN, {
        noticeId: unique('no-such-notice'),
        sections: sections(),
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses a second notice with the same id', async () => {
    const notice = await newNotice();
    await expect(
      createNotice(t.services, ADMIN, { id: notice.id, title: 'Another' }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});

describe('publication', () => {
  it('needs a draft: publishing a published version is CONFLICT, an unknown number NOT_FOUND', async () => {
    const notice = await newNotice();
    await saveNoticeDraft(t.services, ADMIN, { noticeId: notice.id, sections: sections() });
    await publishNoticeVersion(t.services, ADMIN, {
      noticeId: notice.id,
      number: 1,
      material: false,
    });
    await expect(
      publishNoticeVersion(t.services, ADMIN, { noticeId: notice.id, number: 1, material: true }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(
      publishNoticeVersion(t.services, ADMIN, { noticeId: notice.id, number: 7, material: true }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('supersedes the version in effect, and never rewrites a published version', async () => {
    const notice = await newNotice();
    await saveNoticeDraft(t.services, ADMIN, { noticeId: notice.id, sections: sections() });
    const v1 = await publishNoticeVersion(t.services, ADMIN, {
      noticeId: notice.id,
      number: 1,
      material: true,
    });
    await saveNoticeDraft(t.services, ADMIN, {
      noticeId: notice.id,
      sections: sections({ contact: { body: 'New address.' } }),
    });
    await publishNoticeVersion(t.services, ADMIN, {
      noticeId: notice.id,
      number: 2,
      material: false,
    });

    const old = await findVersion(t.services, PUBLIC, notice.id, 1);
    expect(old).toMatchObject({
      status: 'SUPERSEDED',
      material: true,
      publishedAt: v1.publishedAt,
    });
    expect(old?.sections).toEqual(v1.sections);
    expect((await noticeInEffect(t.services, notice.id))?.current?.number).toBe(2);
  });

  it('keeps a future version SCHEDULED and moves current when its time comes', async () => {
    const notice = await newNotice();
    await saveNoticeDraft(t.services, ADMIN, { noticeId: notice.id, sections: sections() });
    await publishNoticeVersion(t.services, ADMIN, {
      noticeId: notice.id,
      number: 1,
      material: true,
    });
    await saveNoticeDraft(t.services, ADMIN, {
      noticeId: notice.id,
      sections: sections({ extra: {} }),
    });
    const effectiveAt = new Date(t.clock.now().getTime() + 2 * HOUR);
    const scheduled = await publishNoticeVersion(t.services, ADMIN, {
      noticeId: notice.id,
      number: 2,
      material: true,
      effectiveAt,
    });
    expect(scheduled).toMatchObject({
      status: 'SCHEDULED',
      effectiveAt: effectiveAt.toISOString(),
    });
    expect((await noticeInEffect(t.services, notice.id))?.current?.number).toBe(1);

    t.clock.advance(3 * HOUR);
    expect((await noticeInEffect(t.services, notice.id))?.current?.number).toBe(2);
    expect((await findVersion(t.services, PUBLIC, notice.id, 1))?.status).toBe('SUPERSEDED');
    expect((await findVersion(t.services, PUBLIC, notice.id, 2))?.status).toBe('PUBLISHED');
  });

  it('refuses an effectiveAt in the past, and one before a version already scheduled', async () => {
    const notice = await newNotice();
    await saveNoticeDraft(t.services, ADMIN, { noticeId: notice.id, sections: sections() });
    await expect(
      publishNoticeVersion(t.services, ADMIN, {
        noticeId: notice.id,
        number: 1,
        material: true,
        effectiveAt: new Date(t.clock.now().getTime() - 24 * HOUR),
      }),
    ).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    await publishNoticeVersion(t.services, ADMIN, {
      noticeId: notice.id,
      number: 1,
      material: true,
      effectiveAt: new Date(t.clock.now().getTime() + 48 * HOUR),
    });
    await saveNoticeDraft(t.services, ADMIN, { noticeId: notice.id, sections: sections() });
    await expect(
      publishNoticeVersion(t.services, ADMIN, { noticeId: notice.id, number: 2, material: true }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('writes an audit entry with each change, in the same transaction', async () => {
    const notice = await newNotice();
    await saveNoticeDraft(t.services, ADMIN, { noticeId: notice.id, sections: sections() });
    await publishNoticeVersion(t.services, ADMIN, {
      noticeId: notice.id,
      number: 1,
      material: true,
    });
    const log = await auditLog(t.services, { entity: 'Notice', entityId: notice.id });
    expect(log.nodes.map((entry) => entry.action)).toEqual([
      'publishNoticeVersion',
      'saveNoticeDraft',
      'createNotice',
    ]);
    expect(log.nodes[0]).toMatchObject({ actor: ADMIN.sub, role: 'ADMIN', entity: 'Notice' });
  });
});

describe('reading versions', () => {
  it('pages newest first without loss, and shows drafts to admins only', async () => {
    const notice = await newNotice();
    for (let number = 1; number <= 5; number += 1) {
      await saveNoticeDraft(t.services, ADMIN, { noticeId: notice.id, sections: sections() });
      await publishNoticeVersion(t.services, ADMIN, {
        noticeId: notice.id,
        number,
        material: false,
      });
    }
    await saveNoticeDraft(t.services, ADMIN, { noticeId: notice.id, sections: sections() });
    const seen: number[] = [];
    let after: string | null = null;
    do {
      const page = await listVersions(t.services, PUBLIC, notice.id, { first: 2, after });
      seen.push(...page.nodes.map((version) => version.number));
      after = page.pageInfo.endCursor;
      expect(page.pageInfo.hasNextPage).toBe(after !== null);
    } while (after);
    expect(seen).toEqual([5, 4, 3, 2, 1]);

    const adminPage = await listVersions(t.services, ADMIN, notice.id, { first: 10 });
    expect(adminPage.nodes.map((version) => [version.number, version.status])).toEqual([
      [6, 'DRAFT'],
      [5, 'PUBLISHED'],
      [4, 'SUPERSEDED'],
      [3, 'SUPERSEDED'],
      [2, 'SUPERSEDED'],
      [1, 'SUPERSEDED'],
    ]);
    expect(await findVersion(t.services, PUBLIC, notice.id, 6)).toBeNull();
  });

  it('refuses a page size out of bounds and a cursor it did not make', async () => {
    const notice = await newNotice();
    await expect(listVersions(t.services, PUBLIC, notice.id, { first: 0 })).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
    });
    await expect(
      listVersions(t.services, PUBLIC, notice.id, { first: 1000 }),
    ).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
    });
    await expect(
      listVersions(t.services, PUBLIC, notice.id, { after: 'not-a-cursor' }),
    ).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    const foreign = Buffer.from(JSON.stringify({ pk: 'NOTICE#other', sk: 'VERSION#1' })).toString(
      'base64url',
    );
    await expect(
      listVersions(t.services, PUBLIC, notice.id, { after: foreign }),
    ).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('diffs a version section by section against the previous published one', async () => {
    const notice = await newNotice();
    const first = await saveNoticeDraft(t.services, ADMIN, {
      noticeId: notice.id,
      sections: sections(),
    });
    expect(await sectionChanges(t.services, first)).toEqual([
      { key: 'collected', kind: 'ADDED' },
      { key: 'purposes', kind: 'ADDED' },
      { key: 'contact', kind: 'ADDED' },
    ]);
    await publishNoticeVersion(t.services, ADMIN, {
      noticeId: notice.id,
      number: 1,
      material: true,
    });
    const second = await saveNoticeDraft(t.services, ADMIN, {
      noticeId: notice.id,
      sections: sections({
        purposes: { summary: 'To run events and newsletters.' },
        transfers: {},
      }).filter((section) => section.key !== 'contact'),
    });
    expect(await sectionChanges(t.services, second)).toEqual([
      { key: 'purposes', kind: 'MODIFIED' },
      { key: 'transfers', kind: 'ADDED' },
      { key: 'contact', kind: 'REMOVED' },
    ]);
  });

  it('counts a changed heading, summary or body as MODIFIED and nothing else', () => {
    const before = sections();
    expect(diffSections(before, sections())).toEqual([]);
    expect(diffSections(before, sections({ contact: { heading: 'Reach us' } }))).toEqual([
      { key: 'contact', kind: 'MODIFIED' },
    ]);
  });
});
