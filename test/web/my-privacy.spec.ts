import { expect, test, type Locator, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { expectNoSeriousViolations } from './support/accessibility';
import { useLocalServer } from './support/server';
import {
  asAdmin,
  consentsOf,
  createConsentPurpose,
  createEvent,
  createIndependentPartner,
  ok,
  recordSharing,
  register,
  separateConsentsOf,
  signIn,
  uniqueEmail,
} from './my-privacy-fixtures';

const server = useLocalServer();

const MARKETING = 'Marketing and promotional communications';
const TOKEN_KEY = 'privacy-ops.subject-token';
const RECORD_PROFILE = 'https://w3id.org/dpv/schema/dpv-27560#record';

/** A person registered for an event co-sponsored by an independent handler abroad, with both its separate consents. */
async function registeredWithSeparateConsents(
  email: string,
  partnerName: string,
  title: string,
  country = 'DE',
) {
  const partnerId = await createIndependentPartner(server(), partnerName, country);
  const eventId = await createEvent(server(), title, [partnerId]);
  await register(server(), email, eventId, ['marketing'], {
    separateConsents: [
      { partnerId, scope: 'PROVISION_TO_HANDLER' },
      { partnerId, scope: 'CROSS_BORDER' },
    ],
  });
  return partnerId;
}

/** The JSON of a file the page offered for download, and its suggested name. */
async function downloaded(page: Page, button: Locator) {
  const waiting = page.waitForEvent('download');
  await button.click();
  const download = await waiting;
  return {
    name: download.suggestedFilename(),
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read files loosely
    json: JSON.parse(await readFile(await download.path(), 'utf8')) as any,
  };
}

/** Presses Tab until `target` has the focus, as a keyboard user moves through the page. */
async function tabTo(page: Page, target: Locator) {
  for (let presses = 0; presses < 40; presses += 1) {
    if (
      await target.evaluate((element: { matches(selector: string): boolean }) =>
        element.matches(':focus'),
      )
    )
      return;
    await page.keyboard.press('Tab');
  }
  throw new Error('Tab never reached the control');
}

async function registrationStatuses(email: string) {
  const data = await ok(
    server().gql(
      `{ me { registrations { event { title } status } } }`,
      {},
      await server().token({ role: 'subject', email }),
    ),
  );
  return data.me.registrations as { event: { title: string }; status: string }[];
}

test.describe('signing in by a mailed code', () => {
  test('a wrong code says so; a new code signs the person in; the token stays in sessionStorage only', async ({
    page,
  }) => {
    const email = uniqueEmail('code');
    await page.goto(`${server().baseURL}/#/my`);
    await expect(page.getByRole('heading', { level: 1, name: 'My privacy' })).toBeVisible();
    await expectNoSeriousViolations(page);
    await page.getByRole('link', { name: 'Sign in with a code sent to your email' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
    await expectNoSeriousViolations(page);

    await page.getByLabel('Email address').fill(email);
    await page.getByRole('button', { name: 'Email me a code' }).click();
    await expect(page.getByLabel('Code from the email')).toBeFocused();
    await expectNoSeriousViolations(page);
    const first = await server().codeMailedTo(email, 'subject.sign_in');

    await page.getByLabel('Code from the email').fill(first === '000000' ? '111111' : '000000');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert')).toContainText('ask for a new code');
    await expectNoSeriousViolations(page);

    await page.getByRole('button', { name: 'Email me a new code' }).click();
    const second = await server().codeMailedTo(email, 'subject.sign_in');
    await page.getByLabel('Code from the email').fill(second);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'My privacy' })).toBeVisible();
    expect(page.url()).not.toContain(second);

    const stored = await page.evaluate((key) => sessionStorage.getItem(key), TOKEN_KEY);
    expect(JSON.parse(stored ?? '{}')).toMatchObject({ token: expect.any(String) });
    expect(await page.evaluate('localStorage.length')).toBe(0);
    expect(page.url()).not.toContain(JSON.parse(stored ?? '{}').token);
  });

  test('past the mail limit, the page says when to try again', async ({ page }) => {
    const email = uniqueEmail('limit');
    for (let sent = 0; sent < 5; sent += 1) {
      await ok(
        server().gql(`mutation ($email: EmailAddress!) { requestSignInCode(email: $email) }`, {
          email,
        }),
      );
    }
    await page.goto(`${server().baseURL}/#/sign-in`);
    await page.getByLabel('Email address').fill(email);
    await page.getByRole('button', { name: 'Email me a code' }).click();
    await expect(page.getByRole('alert')).toContainText(/Try again in \d+ minutes?/);
    await expectNoSeriousViolations(page);
  });
});

test.describe('My privacy', () => {
  test('a person withdraws and grants consent again, downloads a receipt, cancels a registration, sees who received their data and signs out', async ({
    page,
  }) => {
    const email = uniqueEmail('ada');
    const updates = await createConsentPurpose(server(), 'Research updates');
    const eventId = await createEvent(server(), 'Robotics open day');
    await register(server(), email, eventId, ['marketing']);
    await recordSharing(server(), email, 'Hangzhou Robotics Society');
    const filed = await asAdmin(
      server(),
      `mutation ($input: SubmitSubjectRequestInput!) { submitSubjectRequest(input: $input) { id dueAt } }`,
      { input: { type: 'RESTRICTION', email, jurisdiction: 'PIPL', identityVerified: true } },
    );

    await signIn(page, server(), email);
    await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();
    const requests = page.getByRole('region', { name: 'Your requests' });
    const due = await page.evaluate(
      (iso) => new Intl.DateTimeFormat('en', { dateStyle: 'long' }).format(new Date(iso)),
      filed.submitSubjectRequest.dueAt as string,
    );
    await expect(requests.getByRole('row', { name: /Restriction/ })).toContainText(
      `Received: we are working on it`,
    );
    await expect(requests.getByRole('row', { name: /Restriction/ })).toContainText(due);
    await expectNoSeriousViolations(page);

    const marketing = page.getByRole('checkbox', { name: MARKETING });
    await expect(marketing).toBeChecked();
    await marketing.uncheck();
    await expect(page.getByRole('status').filter({ hasText: 'you withdrew' })).toBeVisible();
    expect((await consentsOf(server(), email)).get('marketing')?.status).toBe('WITHDRAWN');
    await marketing.check();
    await expect(
      page.getByRole('status').filter({ hasText: `${MARKETING}: you agreed` }),
    ).toBeVisible();
    expect((await consentsOf(server(), email)).get('marketing')?.status).toBe('GRANTED');

    // A purpose never answered is shown unticked, and one click agrees to it.
    const research = page.getByRole('checkbox', { name: 'Research updates' });
    await expect(research).not.toBeChecked();
    await research.check();
    await expect(
      page.getByRole('status').filter({ hasText: 'Research updates: you agreed' }),
    ).toBeVisible();
    expect((await consentsOf(server(), email)).get(updates)?.status).toBe('GRANTED');

    const receipt = page.waitForEvent('download');
    await page.getByRole('button', { name: `Download receipt: ${MARKETING}` }).click();
    const download = await receipt;
    expect(download.suggestedFilename()).toBe('consent-receipt-marketing.json');
    const receiptJson = JSON.parse(await readFile(await download.path(), 'utf8'));
    expect(receiptJson).toMatchObject({
      version: 'KI-CR-v1.1.0',
      // The person's opaque id: never their address.
      piiPrincipalId: expect.not.stringContaining('@'),
      collectionMethod: 'WEB_FORM',
    });
    expect(JSON.stringify(receiptJson)).not.toContain(email);

    // Beside the receipt, the ISO/IEC TS 27560 record of the same consent, as JSON-LD.
    const consentRecord = await downloaded(
      page,
      page.getByRole('button', { name: `Download record (JSON-LD): ${MARKETING}` }),
    );
    expect(consentRecord.name).toBe('consent-record-marketing.jsonld');
    expect(consentRecord.json['@context']).toBeDefined();
    expect(JSON.stringify(consentRecord.json)).toContain(RECORD_PROFILE);
    expect(JSON.stringify(consentRecord.json)).not.toContain(email);

    const sharing = page.getByRole('region', { name: 'Who received my data' });
    const record = sharing.getByRole('row', { name: /Hangzhou Robotics Society/ });
    await expect(record).toContainText('Badges and the attendee list of the joint workshop');
    await expect(record).toContainText('name, email address');
    await expect(record).toContainText('an event run with this partner');

    await page.getByRole('button', { name: 'Cancel registration: Robotics open day' }).click();
    await expect(page.getByText('Cancel your registration for Robotics open day?')).toBeFocused();
    await expectNoSeriousViolations(page);
    await page.getByRole('button', { name: 'Yes, cancel it' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'is cancelled' })).toBeVisible();
    await expect(
      page.getByRole('button', { name: 'Cancel registration: Robotics open day' }),
    ).toHaveCount(0);
    expect(await registrationStatuses(email)).toEqual([
      { event: { title: 'Robotics open day' }, status: 'CANCELLED' },
    ]);
    await expectNoSeriousViolations(page);

    await page.getByRole('button', { name: 'Sign out' }).click();
    expect(await page.evaluate((key) => sessionStorage.getItem(key), TOKEN_KEY)).toBeNull();
    await page.goto(`${server().baseURL}/#/my`);
    await expect(
      page.getByRole('link', { name: 'Sign in with a code sent to your email' }),
    ).toBeVisible();
  });

  test('after a material change of the notice, a consent asks to be confirmed again', async ({
    page,
  }) => {
    const email = uniqueEmail('reconfirm');
    const noticeId = `notice-${email.slice(10, 18)}`;
    await asAdmin(
      server(),
      `mutation ($input: CreateNoticeInput!) { createNotice(input: $input) { id } }`,
      {
        input: { id: noticeId, title: 'Workshop notice' },
      },
    );
    const publish = async (material: boolean) => {
      const draft = await asAdmin(
        server(),
        `mutation ($input: SaveNoticeDraftInput!) { saveNoticeDraft(input: $input) { number } }`,
        {
          input: {
            noticeId,
            sections: [{ key: 'all', heading: 'Everything', body: `Text ${Date.now()}` }],
          },
        },
      );
      await asAdmin(
        server(),
        `mutation ($input: PublishNoticeVersionInput!) { publishNoticeVersion(input: $input) { number } }`,
        { input: { noticeId, number: draft.saveNoticeDraft.number, material } },
      );
      return draft.saveNoticeDraft.number as number;
    };
    const first = await publish(false);
    const eventId = await createEvent(server(), 'Workshop on consent');
    await register(server(), email, eventId, ['marketing'], {
      notice: { noticeId, noticeVersion: first },
    });
    const second = await publish(true);

    await signIn(page, server(), email);
    const confirm = page.getByRole('button', { name: `Yes, I still agree to ${MARKETING}` });
    await expect(confirm).toBeVisible();
    await expectNoSeriousViolations(page);
    await confirm.click();
    await expect(confirm).toHaveCount(0);
    expect((await consentsOf(server(), email)).get('marketing')).toMatchObject({
      status: 'GRANTED',
      noticeVersion: second,
    });
  });
});

test.describe('sharing with other organisations (PIPL separate consent)', () => {
  test('a person withdraws a separate consent in one click, gives it again after reading what PIPL requires, and downloads its 27560 record', async ({
    page,
  }) => {
    const email = uniqueEmail('pipl');
    const partnerId = await registeredWithSeparateConsents(
      email,
      'Berlin Robotics Institute',
      'Joint robotics workshop',
    );
    const abroad = 'Send my data abroad to Berlin Robotics Institute';
    const provision =
      'Give my data to Berlin Robotics Institute, which decides itself how to use it';

    await signIn(page, server(), email);
    const section = page.getByRole('region', { name: 'Sharing with other organisations' });
    await expect(section).toContainText(`${provision}: you agreed on`);
    await expect(section).toContainText(`${abroad}: you agreed on`);
    await expectNoSeriousViolations(page);

    await section.getByRole('button', { name: `Withdraw consent: ${abroad}` }).click();
    await expect(
      page.getByRole('status').filter({ hasText: `${abroad}: you withdrew your consent.` }),
    ).toBeVisible();
    await expect(section).toContainText('We no longer share your data on this consent.');
    expect(await separateConsentsOf(server(), email)).toEqual(
      new Map([
        [`${partnerId}/PROVISION_TO_HANDLER`, 'GRANTED'],
        [`${partnerId}/CROSS_BORDER`, 'WITHDRAWN'],
      ]),
    );
    await expectNoSeriousViolations(page);

    await section.getByRole('button', { name: `Give consent again: ${abroad}` }).click();
    await expect(page.getByRole('heading', { name: 'Before you agree again' })).toBeFocused();
    const told = section.getByRole('definition');
    await expect(told).toContainText([
      'Berlin Robotics Institute',
      `privacy@${partnerId}.example`,
      'Germany',
    ]);
    await expect(section.getByRole('term')).toContainText(['Your rights against them']);
    await expectNoSeriousViolations(page);
    await section.getByRole('button', { name: `I agree: ${abroad}` }).click();
    await expect(
      page.getByRole('status').filter({ hasText: `${abroad}: you gave your consent.` }),
    ).toBeVisible();
    expect((await separateConsentsOf(server(), email)).get(`${partnerId}/CROSS_BORDER`)).toBe(
      'GRANTED',
    );

    const record = await downloaded(
      page,
      section.getByRole('button', { name: `Download record (JSON-LD): ${provision}` }),
    );
    expect(record.name).toBe(`separate-consent-record-${partnerId}-provision_to_handler.jsonld`);
    expect(record.json['@context']).toBeDefined();
    expect(JSON.stringify(record.json)).toContain(RECORD_PROFILE);
    expect(JSON.stringify(record.json)).not.toContain(email);
  });
});

test.describe('sharing with other organisations, never agreed at registration', () => {
  test('a separate consent refused when registering can be given later, after the same disclosure', async ({
    page,
  }) => {
    const email = uniqueEmail('later');
    const partnerId = await createIndependentPartner(server(), 'Lyon Vision Lab', 'FR');
    const eventId = await createEvent(server(), 'Vision day', [partnerId]);
    await register(server(), email, eventId, []);
    const provision = 'Give my data to Lyon Vision Lab, which decides itself how to use it';

    await signIn(page, server(), email);
    const section = page.getByRole('region', { name: 'Sharing with other organisations' });
    await expect(section).toContainText(`${provision}: not given.`);
    await expect(section.getByRole('button', { name: /^Download record \(JSON-LD\)/ })).toHaveCount(
      0,
    );
    await section.getByRole('button', { name: `Give consent: ${provision}` }).click();
    await expect(
      page.getByRole('heading', { name: 'Before you agree', exact: true }),
    ).toBeFocused();
    await expect(section.getByRole('definition')).toContainText([
      'Lyon Vision Lab',
      `privacy@${partnerId}.example`,
      'France',
    ]);
    await expectNoSeriousViolations(page);
    await section.getByRole('button', { name: `I agree: ${provision}` }).click();
    await expect(
      page.getByRole('status').filter({ hasText: `${provision}: you gave your consent.` }),
    ).toBeVisible();
    await expect(
      page.getByRole('heading', {
        level: 3,
        name: 'Lyon Vision Lab: receiving your data',
        exact: true,
      }),
    ).toBeFocused();
    await expect(
      section.getByRole('button', { name: `Withdraw consent: ${provision}` }),
    ).toBeVisible();
    expect(await separateConsentsOf(server(), email)).toEqual(
      new Map([[`${partnerId}/PROVISION_TO_HANDLER`, 'GRANTED']]),
    );
    await expectNoSeriousViolations(page);
  });
});

test.describe('My privacy with Global Privacy Control on', () => {
  test.use({ extraHTTPHeaders: { 'Sec-GPC': '1' } });

  test('the page says the signal was honoured: marketing stays off, other choices are untouched', async ({
    page,
  }) => {
    const email = uniqueEmail('gpc');
    const updates = await createConsentPurpose(server(), 'Lab newsletter');
    const eventId = await createEvent(server(), 'Quantum evening');
    await register(server(), email, eventId, ['marketing'], { headers: { 'Sec-GPC': '1' } });
    expect((await consentsOf(server(), email)).get('marketing')).toMatchObject({
      status: 'WITHDRAWN',
      method: 'GLOBAL_PRIVACY_CONTROL',
    });

    await signIn(page, server(), email);
    await expect(
      page.getByRole('heading', { name: 'Global Privacy Control is on, and honoured' }),
    ).toBeVisible();
    const marketing = page.getByRole('checkbox', { name: MARKETING });
    await expect(marketing).not.toBeChecked();
    await expect(
      page.getByText(/your browser sent a Global Privacy Control signal, and we honoured it/),
    ).toBeVisible();
    await expectNoSeriousViolations(page);

    await page.getByRole('checkbox', { name: 'Lab newsletter' }).check();
    await expect(
      page.getByRole('status').filter({ hasText: 'Lab newsletter: you agreed' }),
    ).toBeVisible();
    expect((await consentsOf(server(), email)).get(updates)?.status).toBe('GRANTED');
  });

  test('a marketing tick is refused by the signal, and the person may confirm it explicitly', async ({
    page,
  }) => {
    const email = uniqueEmail('gpc-confirm');
    const eventId = await createEvent(server(), 'Signals evening');
    await register(server(), email, eventId, []);

    await signIn(page, server(), email);
    const marketing = page.getByRole('checkbox', { name: MARKETING });
    await expect(marketing).toHaveAccessibleDescription(/If you tick it, we ask you to confirm/);
    await marketing.check();
    await expect(
      page.getByRole('status').filter({ hasText: `${MARKETING}: off, as your browser` }),
    ).toBeVisible();
    await expect(marketing).not.toBeChecked();
    await expect(marketing).toHaveAccessibleDescription(
      /the signal refused your choice, so this stays off/,
    );
    expect((await consentsOf(server(), email)).get('marketing')).toMatchObject({
      status: 'WITHDRAWN',
      history: [{ requestedStatus: 'GRANTED', confirmedDespiteSignal: false }],
    });
    const confirm = page.getByRole('button', {
      name: `Yes, send me ${MARKETING} although my browser asks not to`,
    });
    await expectNoSeriousViolations(page);

    await confirm.click();
    await expect(
      page.getByRole('status').filter({ hasText: 'you agreed, although your browser asks not to' }),
    ).toBeVisible();
    await expect(marketing).toBeChecked();
    await expect(confirm).toHaveCount(0);
    const confirmed = (await consentsOf(server(), email)).get('marketing');
    expect(confirmed?.status).toBe('GRANTED');
    expect(confirmed?.history.at(-1)).toMatchObject({ confirmedDespiteSignal: true });

    // Read again, still under the signal: the confirmation stands and says so.
    await page.reload();
    await expect(page.getByRole('checkbox', { name: MARKETING })).toBeChecked();
    await expect(page.getByRole('checkbox', { name: MARKETING })).toHaveAccessibleDescription(
      /You confirmed it although your browser sends Global Privacy Control/,
    );
    await expectNoSeriousViolations(page);
  });
});

test.describe('My privacy at 375 px wide', () => {
  test.use({ viewport: { width: 375, height: 800 } });

  test('a person signs in and withdraws a consent on a small screen', async ({ page }) => {
    const email = uniqueEmail('narrow');
    await registeredWithSeparateConsents(
      email,
      'Instituto de Robótica y Sistemas Autónomos de Barcelona',
      'Small screens day',
      'ES',
    );
    await recordSharing(server(), email, 'Zhejiang Robotics Partners');
    await signIn(page, server(), email);
    await expect(
      page.getByRole('button', { name: /^Withdraw consent: Send my data abroad/ }),
    ).toBeVisible();
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    await expectNoSeriousViolations(page);
    await page.getByRole('checkbox', { name: MARKETING }).uncheck();
    await expect(page.getByRole('status').filter({ hasText: 'you withdrew' })).toBeVisible();
    expect((await consentsOf(server(), email)).get('marketing')?.status).toBe('WITHDRAWN');
  });
});

test.describe('My privacy by keyboard alone', () => {
  test('a person signs in, withdraws a consent and cancels a registration without a pointer', async ({
    page,
  }) => {
    const email = uniqueEmail('keys');
    const partnerId = await createIndependentPartner(server(), 'Keyboard Society');
    const eventId = await createEvent(server(), 'Keyboard summit', [partnerId]);
    await register(server(), email, eventId, ['marketing'], {
      separateConsents: [{ partnerId, scope: 'CROSS_BORDER' }],
    });

    await page.goto(`${server().baseURL}/#/sign-in`);
    await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(page.getByLabel('Email address')).toBeFocused();
    await page.keyboard.type(email);
    await page.keyboard.press('Enter');
    await expect(page.getByLabel('Code from the email')).toBeFocused();
    await page.keyboard.type(await server().codeMailedTo(email, 'subject.sign_in'));
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { level: 1, name: 'My privacy' })).toBeFocused();

    const marketing = page.getByRole('checkbox', { name: MARKETING });
    await tabTo(page, marketing);
    await page.keyboard.press('Space');
    await expect(marketing).not.toBeChecked();
    await expect(page.getByRole('status').filter({ hasText: 'you withdrew' })).toBeVisible();
    await expect(marketing).toBeFocused();

    await tabTo(
      page,
      page.getByRole('button', {
        name: 'Withdraw consent: Send my data abroad to Keyboard Society',
      }),
    );
    await page.keyboard.press('Enter');
    await expect(
      page.getByRole('status').filter({ hasText: 'Keyboard Society: you withdrew your consent' }),
    ).toBeVisible();
    const again = page.getByRole('button', {
      name: 'Give consent again: Send my data abroad to Keyboard Society',
    });
    await tabTo(page, again);
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { name: 'Before you agree again' })).toBeFocused();
    await tabTo(page, page.getByRole('button', { name: /^Not now/ }));
    await page.keyboard.press('Enter');
    await expect(
      page.getByRole('heading', {
        level: 3,
        name: 'Keyboard Society: receiving your data abroad',
      }),
    ).toBeFocused();
    expect((await separateConsentsOf(server(), email)).get(`${partnerId}/CROSS_BORDER`)).toBe(
      'WITHDRAWN',
    );

    await tabTo(page, page.getByRole('button', { name: 'Cancel registration: Keyboard summit' }));
    await page.keyboard.press('Enter');
    await expect(page.getByText('Cancel your registration for Keyboard summit?')).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(page.getByRole('button', { name: 'Yes, cancel it' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { level: 3, name: 'Keyboard summit' })).toBeFocused();
    expect(await registrationStatuses(email)).toEqual([
      { event: { title: 'Keyboard summit' }, status: 'CANCELLED' },
    ]);
  });
});
