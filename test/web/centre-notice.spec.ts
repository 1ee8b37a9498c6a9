import { expect, test, type Page } from '@playwright/test';
import { expectNoSeriousViolations } from './support/accessibility';
import { useLocalServer } from './support/server';

const server = useLocalServer();

// One server for the file: the tests run in order, each on the notice the one before left.
test.describe.configure({ mode: 'serial' });

interface Section {
  key: string;
  heading: string;
  summary: string | null;
  body: string;
}

async function sectionsInEffect(): Promise<Section[]> {
  const answer = await server().gql(
    '{ notice(id: "website") { current { sections { key heading summary body } } } }',
  );
  return answer.data.notice.current.sections;
}

type Edit = (sections: Section[]) => Section[];

/** Retention bounded at 90 days rather than "as long as we need it", cookies added, security dropped. */
const boundRetention: Edit = (sections) => [
  ...sections
    .filter((section) => section.key !== 'security')
    .map((section) =>
      section.key === 'retention'
        ? {
            ...section,
            body: section.body.replace(
              'only for as long as we need it',
              'for at most 90 days after we last need it',
            ),
          }
        : section,
    ),
  {
    key: 'cookies',
    heading: 'Cookies we set',
    summary: 'We set only the cookies the site needs to work.',
    body: 'We set a session cookie while you are signed in, and no other.',
  },
];

/** A new phone number to call. */
const newPhone: Edit = (sections) =>
  sections.map((section) =>
    section.key === 'contact'
      ? { ...section, body: section.body.replace('58009395', '58009400') }
      : section,
  );

/** Publishes a material revision of the notice in effect, now or at `effectiveAt`. */
async function publishRevision(edit: Edit, changeSummary: string, effectiveAt?: Date) {
  const admin = await server().token({ role: 'admin' });
  const sections = edit(await sectionsInEffect());
  const draft = await server().gql(
    `mutation ($input: SaveNoticeDraftInput!) { saveNoticeDraft(input: $input) { number } }`,
    { input: { noticeId: 'website', sections, changeSummary } },
    admin,
  );
  const number: number = draft.data.saveNoticeDraft.number;
  const published = await server().gql(
    `mutation ($input: PublishNoticeVersionInput!) { publishNoticeVersion(input: $input) { number status } }`,
    {
      input: {
        noticeId: 'website',
        number,
        material: true,
        effectiveAt: effectiveAt?.toISOString(),
      },
    },
    admin,
  );
  expect(published.errors).toBeUndefined();
  return number;
}

async function openCentre(page: Page, path = '/') {
  await page.goto(`${server().baseURL}/#${path}`);
}

test.describe('the privacy notice', () => {
  test('shows the notice in effect: its revised date, the "In short" lines, contents and every section', async ({
    page,
  }) => {
    const sections = await sectionsInEffect();
    await openCentre(page);
    await expect(
      page.getByRole('heading', { level: 1, name: 'Privacy notice of Zhejiang Lab' }),
    ).toBeVisible();
    await expect(page.getByText(/Last revised: \w+ \d+, \d{4}/)).toBeVisible();

    const inShort = page.getByRole('region', { name: 'In short' });
    for (const section of sections.filter((s) => s.summary)) {
      await expect(
        inShort.getByRole('listitem').filter({ hasText: section.heading }),
      ).toContainText(section.summary ?? '');
    }
    const contents = page.getByRole('navigation', { name: 'Contents' });
    await expect(contents.getByRole('link')).toHaveText(sections.map((s) => s.heading));
    for (const section of sections) {
      const region = page.getByRole('region', { name: section.heading, exact: true });
      await expect(region.getByRole('heading', { level: 2 })).toHaveText(section.heading);
      if (section.summary) await expect(region.getByText(section.summary).first()).toBeVisible();
    }
    // Bodies keep their paragraphs and lists.
    const rights = page.getByRole('region', { name: 'Your privacy rights' });
    await expect(rights.getByRole('listitem').first()).toBeVisible();
    expect(await rights.locator('p').count()).toBeGreaterThan(5);
    await expectNoSeriousViolations(page);
  });

  test('the table of contents moves to a section without losing the route', async ({ page }) => {
    await openCentre(page);
    const contents = page.getByRole('navigation', { name: 'Contents' });
    await contents.getByRole('link', { name: 'How long we keep your information' }).click();
    const heading = page.getByRole('heading', {
      level: 2,
      name: 'How long we keep your information',
    });
    await expect(heading).toBeFocused();
    await expect(heading).toBeInViewport();
    expect(new URL(page.url()).hash).toBe('#/');
    await page.getByRole('link', { name: 'Events' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Upcoming events' })).toBeVisible();
  });

  test('by keyboard alone: the contents lead to a section', async ({ page }) => {
    await openCentre(page);
    await expect(page.getByRole('navigation', { name: 'Contents' })).toBeVisible();
    const target = 'Contact us';
    for (let presses = 0; presses < 80; presses += 1) {
      await page.keyboard.press('Tab');
      // Read without waiting: between presses focus may rest outside the page.
      if ((await page.evaluate<string>('document.activeElement?.textContent ?? ""')) === target) {
        break;
      }
    }
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { level: 2, name: target })).toBeFocused();
  });

  test('reads in Simplified Chinese, and keeps the language for the session', async ({ page }) => {
    await openCentre(page);
    const language = page.getByLabel('Language of the notice');
    await expect(language).toHaveValue('en');
    await expect(page.locator('article')).toHaveAttribute('lang', 'en');
    await language.selectOption('zh-CN');
    await expect(page.locator('article')).toHaveAttribute('lang', 'zh-CN');
    await expect(page.getByText('最后修订')).toBeVisible();
    await expect(page.getByRole('heading', { level: 2, name: '简而言之' })).toBeVisible();
    const chinese = await server().gql(
      '{ notice(id: "website") { currentIn(language: "zh-CN") { language sections { heading } } } }',
    );
    expect(chinese.data.notice.currentIn.language).toBe('zh-CN');
    const headings: string[] = chinese.data.notice.currentIn.sections.map(
      (section: { heading: string }) => section.heading,
    );
    await expect(page.getByRole('navigation', { name: '目录' }).getByRole('link')).toHaveText(
      headings,
    );
    await expectNoSeriousViolations(page);

    await page.getByRole('link', { name: 'Events' }).click();
    await page.getByRole('link', { name: 'Privacy notice', exact: true }).click();
    await expect(page.getByLabel('Language of the notice')).toHaveValue('zh-CN');
    await expect(page.locator('article')).toHaveAttribute('lang', 'zh-CN');
    await page.reload();
    await expect(page.locator('article')).toHaveAttribute('lang', 'zh-CN');
  });
});

test.describe('the material change banner', () => {
  test('tells a person who consented under an earlier version what changed since', async ({
    page,
  }) => {
    const email = 'consented@example.org';
    const subject = await server().token({ role: 'subject', email });
    const granted = await server().gql(
      `mutation { grantConsent(input: { purposeId: "marketing", noticeId: "website", noticeVersion: 1 }) { status } }`,
      {},
      subject,
    );
    expect(granted.data.grantConsent.status).toBe('GRANTED');
    await publishRevision(newPhone, 'Our phone number changed.');
    await page.addInitScript((token) => {
      sessionStorage.setItem(
        'privacy-ops.subject-token',
        JSON.stringify({ token, expiresAt: null }),
      );
    }, subject);
    await openCentre(page, '/events');
    const banner = page.getByRole('region', {
      name: 'Our privacy notice changed after you gave your consent.',
    });
    await expect(banner).toContainText('Marketing and promotional communications');
    await expect(banner).toContainText('Our phone number changed.');
    await expect(banner.getByRole('link', { name: /My privacy/ })).toHaveAttribute('href', '#/my');
    await banner.getByText('See what changes, section by section').click();
    await expect(banner).toContainText('Changed section: Contact us');
    await expect(banner.getByRole('insertion').filter({ hasText: '58009400' })).toBeVisible();
    await expect(banner.getByRole('deletion').filter({ hasText: '58009395' })).toBeVisible();
    await expectNoSeriousViolations(page);
  });

  test('announces a scheduled material version with its summary and a word diff, above every view', async ({
    page,
  }) => {
    const effectiveAt = new Date(Date.UTC(2031, 2, 1, 9));
    await publishRevision(
      boundRetention,
      'We set a session cookie and keep data at most 90 days.',
      effectiveAt,
    );
    await openCentre(page);
    const banner = page.getByRole('region', {
      name: /Our privacy notice changes on March 1, 2031/,
    });
    await expect(banner).toContainText('is a material change');
    await expect(banner).toContainText(
      'What changes: We set a session cookie and keep data at most 90 days.',
    );
    await expectNoSeriousViolations(page);

    await banner.getByText('See what changes, section by section').click();
    await expect(banner).toContainText('Added section: Cookies we set');
    await expect(banner).toContainText('Removed section: How we keep your information secure');
    await expect(banner).toContainText('Changed section: How long we keep your information');
    const inserted = banner.getByRole('insertion').filter({ hasText: '90' });
    await expect(inserted).toBeVisible();
    await expect(inserted).toContainText('added:');
    await expect(banner.getByRole('deletion').filter({ hasText: 'only' }).first()).toContainText(
      'removed:',
    );
    await expectNoSeriousViolations(page);

    await page.getByRole('link', { name: 'Events' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Upcoming events' })).toBeVisible();
    await expect(
      page.getByRole('region', { name: /Our privacy notice changes on March 1, 2031/ }),
    ).toBeVisible();
  });
});
