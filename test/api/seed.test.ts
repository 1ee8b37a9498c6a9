/**
 * What `npm start` seeds into an empty table: the lab's notice in effect in
 * English and Simplified Chinese, every section and "In short" line in both.
 */
import { seedIfEmpty } from '../../local/seed';
import sampleData from '../../local/seed/sample-data.json';
import sampleNoticeInChinese from '../../local/seed/sample-notice.zh-CN.json';
import { dataOf } from '../support/factories';
import { startTestServer, type TestServer } from '../support/harness';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
  expect(await seedIfEmpty(server.services)).toBe(true);
});
afterAll(() => server.close());

const IN = `query ($language: String!) {
  notice(id: "website") {
    languages
    currentIn(language: $language) { number status language changeSummary sections { key heading summary body } }
  }
}`;

/** Han characters, as Simplified Chinese text is mostly written in. */
const HAN = /\p{Script=Han}/u;

describe('the seeded sample notice', () => {
  it('is in effect in English and Simplified Chinese', async () => {
    const { notice } = dataOf(await server.gql(IN, { language: 'zh-CN' }));
    expect(notice.languages).toEqual(['en', 'zh-CN']);
    expect(notice.currentIn).toMatchObject({ number: 1, status: 'PUBLISHED', language: 'zh-CN' });
  });

  it('has every section and "In short" line in Chinese, under the English keys, the lab’s name and contacts unchanged', async () => {
    const english = dataOf(await server.gql(IN, { language: 'en' })).notice.currentIn;
    const chinese = dataOf(await server.gql(IN, { language: 'zh-CN' })).notice.currentIn;
    expect(chinese.sections.map((section: { key: string }) => section.key)).toEqual(
      sampleData.notice.sections.map((section) => section.key),
    );
    expect(chinese.sections).toEqual(sampleNoticeInChinese.sections);
    for (const [index, section] of chinese.sections.entries()) {
      expect(section.heading).toMatch(HAN);
      expect(section.summary).toMatch(HAN);
      expect(section.body).toMatch(HAN);
      expect(section.body).not.toBe(english.sections[index].body);
    }
    const contact = chinese.sections.find((section: { key: string }) => section.key === 'contact');
    expect(contact.body).toContain('+86 (0)571-58009395');
    expect(contact.body).toContain(
      'Zhejiang Lab, Kechuang Avenue, Zhongtai Sub-District, Yuhang District, Hangzhou',
    );
    expect(chinese.changeSummary).toMatch(HAN);
  });
});
