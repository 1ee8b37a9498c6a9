/**
 * Translations of a notice version, over HTTP: an admin translates a draft,
 * publication publishes every language together, and the public reads the
 * version in effect in its language (or in the version's own).
 */
import { adminToken, dataOf, unique } from '../support/factories';
import { codes, startTestServer, type TestServer } from '../support/harness';
import { sections } from '../support/notices';

let server: TestServer;
let admin: string;

beforeAll(async () => {
  server = await startTestServer();
  admin = await adminToken();
});
afterAll(() => server.close());

const VERSION_FIELDS = `noticeId number status language changeSummary effectiveAt publishedAt
  sections { key heading summary body } changes { key kind } languages`;
const TRANSLATE = `mutation ($input: SaveNoticeTranslationInput!) {
  saveNoticeTranslation(input: $input) { ${VERSION_FIELDS} }
}`;
const SAVE = `mutation ($input: SaveNoticeDraftInput!) { saveNoticeDraft(input: $input) { number languages } }`;
const PUBLISH = `mutation ($input: PublishNoticeVersionInput!) { publishNoticeVersion(input: $input) { number } }`;
const IN_EFFECT = `query ($id: ID!, $language: String!) {
  notice(id: $id) {
    languages
    current { ${VERSION_FIELDS} }
    currentIn(language: $language) { ${VERSION_FIELDS} }
  }
}`;
const DRAFT_IN = `query ($id: ID!, $number: Int!, $language: String!) {
  notice(id: $id) { version(number: $number) { languages translation(language: $language) { language sections { key body } } } }
}`;

/** The sample sections in Chinese, keyed as the English ones. */
const ZH = [
  {
    key: 'collected',
    heading: '我们收集什么',
    summary: '一些数据。',
    body: '姓名和电子邮件地址。',
  },
  { key: 'purposes', heading: '为什么', summary: '为了举办活动。', body: '活动报名。' },
  { key: 'contact', heading: '联系我们', body: '请写信给我们。' },
];

async function noticeWithDraft(): Promise<{ noticeId: string; number: number }> {
  const noticeId = unique('translated');
  dataOf(
    await server.gql(
      `mutation ($input: CreateNoticeInput!) { createNotice(input: $input) { id } }`,
      { input: { id: noticeId, title: 'Site notice', language: 'en' } },
      admin,
    ),
  );
  const saved = dataOf(
    await server.gql(
      SAVE,
      { input: { noticeId, sections: sections(), changeSummary: 'First version' } },
      admin,
    ),
  );
  return { noticeId, number: saved.saveNoticeDraft.number };
}

function translate(input: Record<string, unknown>) {
  return server.gql(TRANSLATE, { input }, admin);
}

function publish(noticeId: string, number: number) {
  return server.gql(PUBLISH, { input: { noticeId, number, material: false } }, admin);
}

function inEffect(noticeId: string, language: string) {
  return server.gql(IN_EFFECT, { id: noticeId, language });
}

describe('translations of a notice version', () => {
  it('translates a draft: the version in the translation’s language, its keys in the version’s order', async () => {
    const { noticeId, number } = await noticeWithDraft();
    const answer = dataOf(
      await translate({
        noticeId,
        number,
        language: 'zh-cn',
        sections: ZH.toReversed(),
        changeSummary: '第一版',
      }),
    ).saveNoticeTranslation;
    expect(answer).toMatchObject({
      noticeId,
      number,
      status: 'DRAFT',
      language: 'zh-CN',
      changeSummary: '第一版',
      languages: ['en', 'zh-CN'],
    });
    expect(answer.sections).toEqual(ZH.map((section) => ({ summary: null, ...section })));
  });

  it('publishes every language with the version: the same number, status, dates and changes', async () => {
    const { noticeId, number } = await noticeWithDraft();
    dataOf(await translate({ noticeId, number, language: 'zh-CN', sections: ZH }));
    dataOf(await publish(noticeId, number));

    const { notice } = dataOf(await inEffect(noticeId, 'zh-CN'));
    expect(notice.languages).toEqual(['en', 'zh-CN']);
    const { current, currentIn } = notice;
    expect(currentIn).toEqual({
      ...current,
      language: 'zh-CN',
      changeSummary: null,
      sections: ZH.map((section) => ({ summary: null, ...section })),
    });
    expect(currentIn.status).toBe('PUBLISHED');
    expect(currentIn.changes).toEqual(current.changes);
  });

  it('answers the version’s own language where it has no translation, and in it for its own tag', async () => {
    const { noticeId, number } = await noticeWithDraft();
    dataOf(await translate({ noticeId, number, language: 'zh-CN', sections: ZH }));
    dataOf(await publish(noticeId, number));
    for (const language of ['fr', 'en', 'zh-TW']) {
      const { notice } = dataOf(await inEffect(noticeId, language));
      expect(notice.currentIn).toEqual(notice.current);
    }
  });

  it('has no languages and nothing in any while no version is in effect', async () => {
    const { noticeId } = await noticeWithDraft();
    expect(dataOf(await inEffect(noticeId, 'zh-CN')).notice).toEqual({
      languages: [],
      current: null,
      currentIn: null,
    });
  });

  it('replaces a translation saved again, listing its language once', async () => {
    const { noticeId, number } = await noticeWithDraft();
    dataOf(await translate({ noticeId, number, language: 'zh-CN', sections: ZH }));
    const again = ZH.map((section) => ({ ...section, body: `${section.body}（修订）` }));
    const answer = dataOf(
      await translate({ noticeId, number, language: 'zh-CN', sections: again }),
    );
    expect(answer.saveNoticeTranslation.languages).toEqual(['en', 'zh-CN']);
    const read = dataOf(
      await server.gql(DRAFT_IN, { id: noticeId, number, language: 'zh-CN' }, admin),
    );
    expect(read.notice.version.translation.sections).toEqual(
      again.map(({ key, body }) => ({ key, body })),
    );
  });

  it('never rewrites a published version’s languages: translating it is CONFLICT, and a next draft leaves them be', async () => {
    const { noticeId, number } = await noticeWithDraft();
    dataOf(await translate({ noticeId, number, language: 'zh-CN', sections: ZH }));
    dataOf(await publish(noticeId, number));
    expect(codes(await translate({ noticeId, number, language: 'de', sections: ZH }))).toEqual([
      'CONFLICT',
    ]);

    const next = dataOf(
      await server.gql(SAVE, { input: { noticeId, sections: sections() } }, admin),
    );
    expect(next.saveNoticeDraft.languages).toEqual(['en']);
    const { notice } = dataOf(await inEffect(noticeId, 'zh-CN'));
    expect({ number: notice.currentIn.number, language: notice.currentIn.language }).toEqual({
      number,
      language: 'zh-CN',
    });
  });

  it('keeps a draft’s translations when the draft is saved with the same keys, and drops them when its keys change', async () => {
    const { noticeId, number } = await noticeWithDraft();
    dataOf(await translate({ noticeId, number, language: 'zh-CN', sections: ZH }));
    const reordered = dataOf(
      await server.gql(SAVE, { input: { noticeId, sections: sections().toReversed() } }, admin),
    );
    expect(reordered.saveNoticeDraft.languages).toEqual(['en', 'zh-CN']);

    const withNewSection = dataOf(
      await server.gql(
        SAVE,
        { input: { noticeId, sections: sections({ cookies: { body: 'We use none.' } }) } },
        admin,
      ),
    );
    expect(withNewSection.saveNoticeDraft.languages).toEqual(['en']);
    const read = dataOf(
      await server.gql(DRAFT_IN, { id: noticeId, number, language: 'zh-CN' }, admin),
    );
    expect(read.notice.version).toEqual({ languages: ['en'], translation: null });

    dataOf(await publish(noticeId, number));
    expect(dataOf(await inEffect(noticeId, 'zh-CN')).notice.languages).toEqual(['en']);
  });

  it('drops the translation into the language a draft is then saved in', async () => {
    const { noticeId, number } = await noticeWithDraft();
    dataOf(await translate({ noticeId, number, language: 'zh-CN', sections: ZH }));
    dataOf(await translate({ noticeId, number, language: 'de', sections: ZH }));
    const saved = dataOf(
      await server.gql(SAVE, { input: { noticeId, sections: ZH, language: 'zh-CN' } }, admin),
    );
    expect(saved.saveNoticeDraft.languages).toEqual(['zh-CN', 'de']);
  });

  it.each<
    [string, (draft: { noticeId: string; number: number }) => Record<string, unknown>, string]
  >([
    ['an unknown notice', ({ number }) => ({ noticeId: unique('none'), number }), 'NOT_FOUND'],
    [
      'an unknown version',
      ({ noticeId, number }) => ({ noticeId, number: number + 1 }),
      'NOT_FOUND',
    ],
    ['the version’s own language', (draft) => ({ ...draft, language: 'en' }), 'BAD_USER_INPUT'],
    [
      'a tag that is not BCP 47',
      (draft) => ({ ...draft, language: 'not a tag' }),
      'BAD_USER_INPUT',
    ],
    ['a section missing', (draft) => ({ ...draft, sections: ZH.slice(1) }), 'BAD_USER_INPUT'],
    [
      'a section the version lacks',
      (draft) => ({ ...draft, sections: [...ZH, { key: 'extra', heading: '多', body: '多' }] }),
      'BAD_USER_INPUT',
    ],
    [
      'a section key used twice',
      (draft) => ({ ...draft, sections: [...ZH.slice(1), ZH[1]] }),
      'BAD_USER_INPUT',
    ],
  ])('refuses %s', async (_case, change, code) => {
    const draft = await noticeWithDraft();
    const answer = await translate({ language: 'zh-CN', sections: ZH, ...draft, ...change(draft) });
    expect({ codes: codes(answer), data: answer.data }).toEqual({ codes: [code], data: null });
    const read = dataOf(
      await server.gql(DRAFT_IN, { ...draft, id: draft.noticeId, language: 'zh-CN' }, admin),
    );
    expect(read.notice.version.languages).toEqual(['en']);
  });

  it('records each translation in the audit log', async () => {
    const { noticeId, number } = await noticeWithDraft();
    dataOf(await translate({ noticeId, number, language: 'zh-CN', sections: ZH }));
    const audit = dataOf(
      await server.gql(
        `query ($id: String) { auditLog(entity: "Notice", entityId: $id, first: 10) { nodes { action actor } } }`,
        { id: noticeId },
        admin,
      ),
    );
    expect(audit.auditLog.nodes).toContainEqual({
      action: 'saveNoticeTranslation',
      actor: 'admin',
    });
  });

  it('serves the version in effect in a language as a public GET may keep', async () => {
    const { noticeId, number } = await noticeWithDraft();
    dataOf(await translate({ noticeId, number, language: 'zh-CN', sections: ZH }));
    dataOf(await publish(noticeId, number));
    const query = `query ($id: ID!) { notice(id: $id) { languages currentIn(language: "zh-CN") { number sections { key body } changes { key kind } } } }`;
    const url = `${server.url}?${new URLSearchParams({ query, variables: JSON.stringify({ id: noticeId }) })}`;
    const answer = await fetch(url);
    expect(answer.headers.get('cache-control')).toMatch(/^public, max-age=[1-5]$/);
    const body = (await answer.json()) as {
      data: { notice: { currentIn: { sections: unknown } } };
    };
    expect(body.data.notice.currentIn.sections).toEqual(ZH.map(({ key, body }) => ({ key, body })));
  });
});
