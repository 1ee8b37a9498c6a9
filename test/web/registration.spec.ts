import { expect, test, type Page } from '@playwright/test';
import { expectNoSeriousViolations } from './support/accessibility';
import { useLocalServer } from './support/server';

const server = useLocalServer();

const DAY = 86_400_000;

interface DataUse {
  category: string;
  purposeId: string;
}

/** An upcoming event, created as an admin would. */
async function createEvent(
  id: string,
  title: string,
  format: string,
  dataUses: DataUse[],
  cosponsorIds: string[] = [],
) {
  const admin = await server().token({ role: 'admin' });
  const startsAt = new Date(Date.now() + 20 * DAY);
  const answer = await server().gql(
    `mutation ($input: CreateEventInput!) { createEvent(input: $input) { id } }`,
    {
      input: {
        id,
        title,
        format,
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + DAY / 3).toISOString(),
        dataUses,
        retentionDays: 30,
        cosponsorIds,
      },
    },
    admin,
  );
  expect(answer.errors).toBeUndefined();
}

/** What the API holds about the event's registrations and the person's consents, read as an admin. */
async function recorded(eventId: string, email: string) {
  const admin = await server().token({ role: 'admin' });
  const answer = await server().gql(
    `query ($id: ID!, $email: EmailAddress!) {
      event(id: $id) { registrations { nodes { noticeVersion attendee { name email country jobTitle phone organization postalAddress } } } }
      subject(email: $email) { consents { purpose { id } status method noticeVersion } }
    }`,
    { id: eventId, email },
    admin,
  );
  expect(answer.errors).toBeUndefined();
  return {
    registrations: answer.data.event.registrations.nodes,
    consents: answer.data.subject?.consents ?? [],
  };
}

/** A co-sponsor, as an admin records it: its PIPL role and where it is. */
async function createPartner(id: string, name: string, country: string, role: string) {
  const admin = await server().token({ role: 'admin' });
  const answer = await server().gql(
    `mutation ($input: PartnerInput!) { upsertPartner(input: $input) { id } }`,
    {
      input: { id, name, kind: 'COSPONSOR', country, role, contact: `privacy@${id}.example` },
    },
    admin,
  );
  expect(answer.errors).toBeUndefined();
}

/** The person's PIPL separate consents, read as an admin. */
async function separateConsents(email: string) {
  const admin = await server().token({ role: 'admin' });
  const answer = await server().gql(
    `query ($email: EmailAddress!) { subject(email: $email) { separateConsents { partner { id } scope status } } }`,
    { email },
    admin,
  );
  expect(answer.errors).toBeUndefined();
  return answer.data.subject?.separateConsents ?? [];
}

async function publishNewContact(changeSummary: string) {
  const admin = await server().token({ role: 'admin' });
  const current = await server().gql(
    '{ notice(id: "website") { current { sections { key heading summary body } } } }',
  );
  const sections = current.data.notice.current.sections.map(
    (section: { key: string; body: string }) =>
      section.key === 'contact'
        ? { ...section, body: `${section.body}\n\nBy mail: privacy@zhejianglab.example` }
        : section,
  );
  const draft = await server().gql(
    `mutation ($input: SaveNoticeDraftInput!) { saveNoticeDraft(input: $input) { number } }`,
    { input: { noticeId: 'website', sections, changeSummary } },
    admin,
  );
  const published = await server().gql(
    `mutation ($input: PublishNoticeVersionInput!) { publishNoticeVersion(input: $input) { number } }`,
    { input: { noticeId: 'website', number: draft.data.saveNoticeDraft.number, material: true } },
    admin,
  );
  expect(published.errors).toBeUndefined();
  return published.data.publishNoticeVersion.number as number;
}

const DATA_DAY = [
  { category: 'NAME', purposeId: 'event-registration' },
  { category: 'EMAIL', purposeId: 'event-registration' },
  { category: 'COUNTRY', purposeId: 'event-registration' },
  { category: 'JOB_TITLE', purposeId: 'event-content-relevance' },
  { category: 'EMAIL', purposeId: 'marketing' },
];

test.beforeAll(async () => {
  await createEvent('data-day', 'Open data day', 'IN_PERSON', DATA_DAY);
  await createEvent('errors-day', 'Errors day', 'IN_PERSON', DATA_DAY);
  await createEvent('conflict-day', 'Conflict day', 'IN_PERSON', DATA_DAY);
  await createPartner('berlin-robotics', 'Berlin Robotics Institute', 'DE', 'INDEPENDENT_HANDLER');
  await createPartner('hangzhou-badges', 'Hangzhou Badge Printers', 'CN', 'ENTRUSTED_PARTY');
  await createEvent('joint-day', 'Joint robotics workshop', 'IN_PERSON', DATA_DAY, [
    'berlin-robotics',
    'hangzhou-badges',
  ]);
  await createEvent(
    'joint-webinar',
    'Joint webinar',
    'WEBINAR',
    [
      { category: 'NAME', purposeId: 'webinar-access' },
      { category: 'EMAIL', purposeId: 'webinar-access' },
    ],
    ['berlin-robotics'],
  );
  await createEvent('webinar', 'Privacy engineering webinar', 'WEBINAR', [
    { category: 'NAME', purposeId: 'webinar-access' },
    { category: 'EMAIL', purposeId: 'webinar-access' },
    { category: 'ORGANIZATION', purposeId: 'webinar-access' },
  ]);
});

async function openRegistration(page: Page, eventId: string) {
  await page.goto(`${server().baseURL}/#/events/${eventId}`);
  await expect(page.getByRole('heading', { level: 2, name: 'Your details' })).toBeVisible();
}

test.describe('registering for an event', () => {
  test('the form asks only for the declared fields, says why beside each, and leaves consent unticked', async ({
    page,
  }) => {
    await page.goto(`${server().baseURL}/#/events`);
    const card = page.getByRole('article', { name: 'Open data day' });
    await expect(card).toContainText('In person');
    await expect(card).toContainText(
      'What it collects: Name, Email address, Country or region, Job title.',
    );
    await expectNoSeriousViolations(page);
    await card.getByRole('link', { name: 'Register for Open data day' }).click();

    await expect(
      page.getByRole('heading', { level: 1, name: 'Register for Open data day' }),
    ).toBeVisible();
    const form = page.getByRole('form', { name: 'Your details' });
    await expect(form.getByRole('textbox')).toHaveCount(3);
    await expect(form.getByLabel('Full name (required)')).toHaveAccessibleDescription(
      'Used for Event registration and billing: needed to provide the event you sign up for (contract).',
    );
    await expect(form.getByLabel('Email address (required)')).toHaveAccessibleDescription(
      /Event registration and billing: needed to provide the event.*Marketing and promotional communications: only with your consent/,
    );
    await expect(form.getByLabel('Country or region')).toBeVisible();
    await expect(form.getByLabel('Job title')).toHaveAccessibleDescription(
      /Event content and attendee services: in our legitimate interests/,
    );
    for (const undeclared of ['Phone number', 'Postal address', 'Organisation', 'Industry']) {
      await expect(form.getByLabel(new RegExp(undeclared))).toHaveCount(0);
    }
    const consent = form.getByRole('checkbox');
    await expect(consent).toHaveCount(1);
    await expect(
      form.getByRole('checkbox', { name: 'Marketing and promotional communications' }),
    ).not.toBeChecked();
    await expect(form).toContainText(
      /You register under the privacy notice of \w+ \d+, \d{4}, version 1\./,
    );
    await expectNoSeriousViolations(page);

    await form.getByLabel('Full name (required)').fill('Ada Lovelace');
    await form.getByLabel('Email address (required)').fill('ada@example.org');
    await form.getByLabel('Country or region').selectOption({ label: 'United Kingdom' });
    await form.getByLabel('Job title').fill('Analyst');
    await form.getByRole('checkbox', { name: 'Marketing and promotional communications' }).check();
    await form.getByRole('button', { name: 'Register' }).click();

    const done = page.getByRole('heading', { level: 2, name: 'You are registered' });
    await expect(done).toBeFocused();
    await expect(page.getByRole('status')).toContainText(
      'You are registered for Open data day, under version 1 of the privacy notice.',
    );
    const what = page.getByRole('definition');
    await expect(what).toHaveText(['Ada Lovelace', 'ada@example.org', 'United Kingdom', 'Analyst']);
    await expect(
      page.getByRole('listitem').filter({ hasText: 'Marketing and promotional communications' }),
    ).toBeVisible();
    await expect(page.getByRole('main').getByRole('link', { name: 'My privacy' })).toHaveAttribute(
      'href',
      '#/my',
    );
    await expectNoSeriousViolations(page);

    const stored = await recorded('data-day', 'ada@example.org');
    expect(stored.registrations).toEqual([
      {
        noticeVersion: 1,
        attendee: {
          name: 'Ada Lovelace',
          email: 'ada@example.org',
          country: 'GB',
          jobTitle: 'Analyst',
          phone: null,
          organization: null,
          postalAddress: null,
        },
      },
    ]);
    expect(stored.consents).toEqual([
      {
        purpose: { id: 'marketing' },
        status: 'GRANTED',
        method: 'EVENT_REGISTRATION',
        noticeVersion: 1,
      },
    ]);
  });

  test("the API's refusals are said next to the form, and focus moves to them", async ({
    page,
  }) => {
    await openRegistration(page, 'errors-day');
    await page.getByRole('button', { name: 'Register' }).click();
    const alert = page.getByRole('alert');
    await expect(alert).toHaveText('Please fill in: full name, email address.');
    await expect(page.getByRole('alert').locator('..')).toBeFocused();
    await expectNoSeriousViolations(page);

    await page.getByLabel('Full name (required)').fill('Grace Hopper');
    await page.getByLabel('Email address (required)').fill('not an address');
    await page.getByRole('button', { name: 'Register' }).click();
    await expect(alert).toContainText(/email/i);
    await expect(alert).not.toContainText('Please fill in');
    await expect(page.getByRole('alert').locator('..')).toBeFocused();
    expect((await recorded('errors-day', 'grace@example.org')).registrations).toEqual([]);
  });

  test('a notice changed meanwhile is shown, with what changed, before registering under it', async ({
    page,
  }) => {
    await openRegistration(page, 'conflict-day');
    const form = page.getByRole('form', { name: 'Your details' });
    await expect(form).toContainText('version 1.');
    await form.getByLabel('Full name (required)').fill('Katherine Johnson');
    await form.getByLabel('Email address (required)').fill('katherine@example.org');
    const version = await publishNewContact('You can now write to us by mail.');

    await form.getByRole('button', { name: 'Register' }).click();
    const changed = page.getByRole('heading', {
      level: 2,
      name: 'The privacy notice changed while you filled in the form',
    });
    await expect(changed).toBeFocused();
    const panel = page.getByRole('region', {
      name: 'The privacy notice changed while you filled in the form',
    });
    await expect(panel).toContainText(`Version ${version}`);
    await expect(panel).toContainText('What changed: You can now write to us by mail.');
    await expect(
      panel.getByRole('heading', { level: 3, name: 'Changed section: Contact us' }),
    ).toBeVisible();
    await expect(panel.getByRole('insertion')).toContainText('privacy@zhejianglab.example');
    await expect(form.getByLabel('Full name (required)')).toHaveValue('Katherine Johnson');
    expect((await recorded('conflict-day', 'katherine@example.org')).registrations).toEqual([]);
    await expectNoSeriousViolations(page);

    await panel
      .getByRole('button', { name: `I have read it: register under version ${version}` })
      .click();
    await expect(page.getByRole('status')).toContainText(
      `under version ${version} of the privacy notice`,
    );
    const stored = await recorded('conflict-day', 'katherine@example.org');
    expect(stored.registrations).toMatchObject([{ noticeVersion: version }]);
  });

  test('a signed-in person finds their address filled in', async ({ page }) => {
    const token = await server().token({ role: 'subject', email: 'signed.in@example.org' });
    await page.addInitScript((stored) => {
      sessionStorage.setItem(
        'privacy-ops.subject-token',
        JSON.stringify({ token: stored, expiresAt: null }),
      );
    }, token);
    await openRegistration(page, 'webinar');
    await expect(page.getByLabel('Email address (required)')).toHaveValue('signed.in@example.org');
  });
});

const PROVISION = 'Give my data to Berlin Robotics Institute, which decides itself how to use it';
const ABROAD = 'Send my data abroad to Berlin Robotics Institute';

test.describe('PIPL separate consents on the registration form', () => {
  test('one unticked box per partner and scope, each beside what the person must be told first; the outcome says which were given', async ({
    page,
  }) => {
    await openRegistration(page, 'joint-day');
    const sharing = page.getByRole('group', {
      name: 'Sharing with other organisations (optional)',
    });
    await expect(sharing).toContainText('does not affect your registration');
    // The entrusted printer at home needs no consent; the institute abroad needs two, never one for both.
    await expect(sharing.getByRole('checkbox')).toHaveCount(2);
    const provision = sharing.getByRole('checkbox', { name: PROVISION });
    const abroad = sharing.getByRole('checkbox', { name: ABROAD });
    await expect(provision).not.toBeChecked();
    await expect(abroad).not.toBeChecked();
    await expect(sharing).not.toContainText('Hangzhou Badge Printers');
    for (const told of [
      'Berlin Robotics Institute',
      'privacy@berlin-robotics.example',
      'Germany',
    ]) {
      await expect(provision).toHaveAccessibleDescription(new RegExp(told));
      await expect(abroad).toHaveAccessibleDescription(new RegExp(told));
    }
    await expect(abroad).toHaveAccessibleDescription(/Your rights against them/);
    await expect(provision).not.toHaveAccessibleDescription(/Your rights against them/);
    await expectNoSeriousViolations(page);

    await page.getByLabel('Full name (required)').fill('Emmy Noether');
    await page.getByLabel('Email address (required)').fill('emmy@example.org');
    await provision.check();
    await page.getByRole('button', { name: 'Register' }).click();

    await expect(page.getByRole('heading', { level: 2, name: 'You are registered' })).toBeFocused();
    const given = page.getByRole('list').filter({ hasText: PROVISION });
    await expect(given).toHaveCount(1);
    await expect(page.getByText('You gave your separate consent to:')).toBeVisible();
    await expect(page.getByText('You did not agree to:')).toBeVisible();
    await expect(page.getByRole('list').filter({ hasText: ABROAD })).toHaveCount(1);
    await expectNoSeriousViolations(page);
    expect(await separateConsents('emmy@example.org')).toEqual([
      { partner: { id: 'berlin-robotics' }, scope: 'PROVISION_TO_HANDLER', status: 'GRANTED' },
    ]);
  });
});

test.describe('on a 375 px phone, by keyboard alone', () => {
  test.use({ viewport: { width: 375, height: 800 } });

  test('a webinar registration from the events list to the confirmation', async ({ page }) => {
    await page.goto(`${server().baseURL}/#/events`);
    await expect(page.getByRole('heading', { level: 1, name: 'Upcoming events' })).toBeFocused();
    await expect(
      page.getByRole('link', { name: 'Register for Privacy engineering webinar' }),
    ).toBeVisible();
    await tabTo(page, 'Register for Privacy engineering webinar');
    await page.keyboard.press('Enter');
    await expect(
      page.getByRole('heading', { level: 1, name: 'Register for Privacy engineering webinar' }),
    ).toBeFocused();
    await expect(page.getByRole('textbox')).toHaveCount(3);
    await expect(page.getByRole('checkbox')).toHaveCount(0);
    await expectNoSeriousViolations(page);

    await page.keyboard.press('Tab');
    await expect(page.getByLabel('Full name (required)')).toBeFocused();
    await page.keyboard.type('Mary Jackson');
    await page.keyboard.press('Tab');
    await page.keyboard.type('mary@example.org');
    await page.keyboard.press('Tab');
    await expect(page.getByLabel('Organisation')).toBeFocused();
    await page.keyboard.type('NACA');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { level: 2, name: 'You are registered' })).toBeFocused();
    await expect(page.getByRole('definition')).toHaveText([
      'Mary Jackson',
      'mary@example.org',
      'NACA',
    ]);
    const html = page.locator('html');
    const wider = await html.evaluate((root) => root.scrollWidth > root.clientWidth);
    expect(wider).toBe(false);
    await expectNoSeriousViolations(page);
  });
});

test.describe('refusing every separate consent, on a 375 px phone, by keyboard alone', () => {
  test.use({ viewport: { width: 375, height: 800 } });

  test('the registration goes through, and the outcome says no separate consent was given', async ({
    page,
  }) => {
    await openRegistration(page, 'joint-webinar');
    await expect(page.getByRole('checkbox')).toHaveCount(2);
    await expect(
      page.getByRole('heading', { level: 1, name: 'Register for Joint webinar' }),
    ).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(page.getByLabel('Full name (required)')).toBeFocused();
    await page.keyboard.type('Lise Meitner');
    await page.keyboard.press('Tab');
    await page.keyboard.type('lise@example.org');
    await page.keyboard.press('Tab');
    await expect(page.getByRole('checkbox', { name: PROVISION })).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(page.getByRole('checkbox', { name: ABROAD })).toBeFocused();
    const html = page.locator('html');
    expect(await html.evaluate((root) => root.scrollWidth > root.clientWidth)).toBe(false);
    await expectNoSeriousViolations(page);
    await page.keyboard.press('Tab');
    await expect(
      page
        .getByRole('form', { name: 'Your details' })
        .getByRole('link', { name: 'privacy notice', exact: true }),
    ).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(page.getByRole('button', { name: 'Register' })).toBeFocused();
    await page.keyboard.press('Enter');

    await expect(page.getByRole('heading', { level: 2, name: 'You are registered' })).toBeFocused();
    await expect(
      page.getByText('You gave no separate consent to share your data with other organisations.'),
    ).toBeVisible();
    expect(await html.evaluate((root) => root.scrollWidth > root.clientWidth)).toBe(false);
    await expectNoSeriousViolations(page);
    expect((await recorded('joint-webinar', 'lise@example.org')).registrations).toHaveLength(1);
    expect(await separateConsents('lise@example.org')).toEqual([]);
  });
});

/**
 * Presses Tab until the focused element's text is `name`. Read without
 * waiting: between presses focus may rest outside the page.
 */
async function tabTo(page: Page, name: string) {
  for (let presses = 0; presses < 60; presses += 1) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate<string>('document.activeElement?.textContent ?? ""');
    if (focused.trim() === name) return;
  }
  throw new Error(`Tab never reached "${name}"`);
}

test.describe('from a browser that sends Global Privacy Control', () => {
  test.use({ extraHTTPHeaders: { 'Sec-GPC': '1' } });

  test('marketing consent is not offered, and the form says why', async ({ page }) => {
    await openRegistration(page, 'data-day');
    await expect(page.getByRole('checkbox')).toHaveCount(0);
    await expect(page.getByRole('group', { name: 'Your consent (optional)' })).toContainText(
      'Not offered, because your browser sends Global Privacy Control, which we honour: Marketing and promotional communications.',
    );
    await expectNoSeriousViolations(page);
  });
});
