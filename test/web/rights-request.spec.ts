import { expect, test, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { expectNoSeriousViolations } from './support/accessibility';
import { useLocalServer } from './support/server';
import { asAdmin, createEvent, ok, register, signIn, uniqueEmail } from './my-privacy-fixtures';

const server = useLocalServer();

const SUBMIT = `mutation ($input: SubmitSubjectRequestInput!) { submitSubjectRequest(input: $input) { id } }`;

/** A date as the page writes it, in the browser's own formatting. */
function pageDate(page: Page, iso: string): Promise<string> {
  return page.evaluate(
    (value) => new Intl.DateTimeFormat('en', { dateStyle: 'long' }).format(new Date(value)),
    iso,
  );
}

async function dueAtOf(requestId: string): Promise<string> {
  const data = await asAdmin(server(), `query ($id: ID!) { subjectRequest(id: $id) { dueAt } }`, {
    id: requestId,
  });
  return data.subjectRequest.dueAt;
}

function requestIdIn(page: Page): string {
  return /#\/request\/([^/?#]+)$/.exec(page.url())?.[1] ?? '';
}

test.describe('the rights request form', () => {
  test('shows only the fields the chosen type needs: corrections for rectification, purposes for objection and withdrawal', async ({
    page,
  }) => {
    await page.goto(`${server().baseURL}/#/request`);
    await expect(
      page.getByRole('heading', { level: 1, name: 'Make a request about your data' }),
    ).toBeVisible();
    for (const name of [
      'Access: a copy of my data',
      'Correction of my data',
      'Erasure: delete my data',
      'Restriction: pause the use of my data',
      'Portability: my data to take elsewhere',
      'Objection to a use of my data',
      'Withdrawal of my consent',
      'Review of an automated decision',
    ]) {
      await expect(page.getByRole('radio', { name })).toBeVisible();
    }
    await expect(page.getByLabel('Your email address')).toHaveCount(0);
    await expectNoSeriousViolations(page);

    await page.getByRole('radio', { name: 'Correction of my data' }).check();
    const corrections = page.getByRole('group', { name: 'What should we correct?' });
    await expect(corrections).toBeVisible();
    await expect(page.getByRole('group', { name: 'Which uses of your data?' })).toHaveCount(0);
    await corrections.getByLabel('Detail 1').selectOption({ label: 'Job title' });
    await corrections.getByLabel('Correct value 1').fill('Research fellow');
    await corrections.getByRole('button', { name: 'Add another correction' }).click();
    await expect(corrections.getByLabel('Detail 2')).toBeFocused();
    await expect(
      corrections.getByLabel('Detail 2').getByRole('option', { name: 'Job title' }),
    ).toHaveCount(0);
    await corrections.getByLabel('Detail 2').selectOption({ label: 'Country or region' });
    await corrections.getByLabel('Correct value 2').fill('DE');
    await corrections.getByRole('button', { name: 'Add another correction' }).click();
    await corrections.getByRole('button', { name: 'Remove correction 3' }).click();
    await expect(corrections.getByLabel('Detail 3')).toHaveCount(0);
    await expectNoSeriousViolations(page);

    await page.getByRole('radio', { name: 'Objection to a use of my data' }).check();
    await expect(page.getByRole('group', { name: 'What should we correct?' })).toHaveCount(0);
    const purposes = page.getByRole('group', { name: 'Which uses of your data?' });
    await expect(
      purposes.getByRole('checkbox', { name: 'Usage analytics and service improvement' }),
    ).toBeVisible();
    await expect(
      purposes.getByRole('checkbox', { name: 'Marketing and promotional communications' }),
    ).toBeVisible();
    await expect(purposes.getByRole('checkbox', { name: 'Legal compliance' })).toHaveCount(0);

    await page.getByRole('radio', { name: 'Withdrawal of my consent' }).check();
    await expect(
      purposes.getByRole('checkbox', { name: 'Marketing and promotional communications' }),
    ).toBeVisible();
    await expect(
      purposes.getByRole('checkbox', { name: 'Usage analytics and service improvement' }),
    ).toHaveCount(0);
    await expectNoSeriousViolations(page);

    // Back to rectification: the rows are as they were left, and are what is sent.
    await page.getByRole('radio', { name: 'Correction of my data' }).check();
    await expect(corrections.getByLabel('Correct value 2')).toHaveValue('DE');
    const email = uniqueEmail('rectify');
    await page.getByLabel('Your email address').fill(email);
    await page.getByRole('button', { name: 'Send request' }).click();
    const code = await server().codeMailedTo(email, 'request.verification');
    await page.getByLabel('Code from the email').fill(code);
    await page.getByRole('button', { name: 'Confirm request' }).click();
    await expect(
      page.getByRole('heading', { level: 1, name: 'Correction of my data' }),
    ).toBeVisible();
  });

  test('refuses a wrong code, and past the mail limit says when to try again', async ({ page }) => {
    const email = uniqueEmail('limited');
    await page.goto(`${server().baseURL}/#/request`);
    await page.getByRole('radio', { name: 'Restriction: pause the use of my data' }).check();
    await page.getByLabel('Your email address').fill(email);
    await page.getByRole('button', { name: 'Send request' }).click();
    await expect(page.getByLabel('Code from the email')).toBeFocused();
    await expectNoSeriousViolations(page);

    await page.getByLabel('Code from the email').fill('not-it');
    await page.getByRole('button', { name: 'Confirm request' }).click();
    await expect(page.getByRole('alert')).toContainText('Wrong code: 4 tries left');
    await expectNoSeriousViolations(page);

    // The first mail and four more fill the hour's limit for this address.
    for (let sent = 1; sent < 5; sent += 1) {
      await ok(server().gql(SUBMIT, { input: { type: 'RESTRICTION', email } }));
    }
    await page.getByRole('button', { name: 'Email me a new code' }).click();
    await expect(page.getByRole('alert')).toContainText(/Try again in \d+ minutes?/);
    await expectNoSeriousViolations(page);
  });

  test('a request locked by wrong codes is sent again with a new code', async ({ page }) => {
    const email = uniqueEmail('locked');
    await page.goto(`${server().baseURL}/#/request`);
    await page.getByRole('radio', { name: 'Portability: my data to take elsewhere' }).check();
    await page.getByLabel('Your email address').fill(email);
    await page.getByRole('button', { name: 'Send request' }).click();
    const first = await server().codeMailedTo(email, 'request.verification');
    for (let tries = 0; tries < 5; tries += 1) {
      await page.getByLabel('Code from the email').fill(`x${first}`);
      await page.getByRole('button', { name: 'Confirm request' }).click();
      await expect(page.getByRole('alert')).toContainText('Wrong code');
    }
    await page.getByLabel('Code from the email').fill(first);
    await page.getByRole('button', { name: 'Confirm request' }).click();
    await expect(page.getByRole('alert')).toContainText('Ask for a new code');
    await page.getByRole('button', { name: 'Email me a new code' }).click();
    const second = await server().codeMailedTo(email, 'request.verification');
    await page.getByLabel('Code from the email').fill(second);
    await page.getByRole('button', { name: 'Confirm request' }).click();
    await expect(
      page.getByRole('heading', { level: 1, name: 'Portability: my data to take elsewhere' }),
    ).toBeVisible();
  });

  test('a completed access request downloads as JSON and as a readable HTML page', async ({
    page,
  }, testInfo) => {
    const email = uniqueEmail('access');
    const eventId = await createEvent(server(), 'Open lab <day> & night');
    await register(server(), email, eventId, ['marketing']);
    await asAdmin(server(), SUBMIT, {
      input: {
        type: 'AUTOMATED_DECISION_REVIEW',
        email,
        details: '<script>alert("not run")</script> & <b>not bold</b>',
        identityVerified: true,
      },
    });

    await page.goto(`${server().baseURL}/#/request`);
    await page.getByRole('radio', { name: 'Access: a copy of my data' }).check();
    await page.getByLabel('Your email address').fill(email);
    await page.getByRole('button', { name: 'Send request' }).click();
    const code = await server().codeMailedTo(email, 'request.verification');
    await page.getByLabel('Code from the email').fill(code);
    await page.getByRole('button', { name: 'Confirm request' }).click();
    await expect(
      page.getByRole('heading', { level: 1, name: 'Access: a copy of my data' }),
    ).toBeVisible();
    const requestId = requestIdIn(page);
    await asAdmin(server(), `mutation ($id: ID!) { completeSubjectRequest(id: $id) { status } }`, {
      id: requestId,
    });

    // Signing in from the request's page comes back to it, now readable as the person's own.
    await page.getByRole('link', { name: 'Sign in with a code sent to your email' }).click();
    await page.getByLabel('Email address').fill(email);
    await page.getByRole('button', { name: 'Email me a code' }).click();
    await page
      .getByLabel('Code from the email')
      .fill(await server().codeMailedTo(email, 'subject.sign_in'));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(
      page.getByRole('heading', { level: 1, name: 'Access: a copy of my data' }),
    ).toBeVisible();
    expect(requestIdIn(page)).toBe(requestId);
    await expect(page.getByRole('row', { name: /Status/ })).toContainText('Completed');
    await expectNoSeriousViolations(page);

    const jsonDownload = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download as a file (JSON)' }).click();
    const json = await jsonDownload;
    expect(json.suggestedFilename()).toBe(`my-data-${requestId}.json`);
    const exported = JSON.parse(await readFile(await json.path(), 'utf8'));
    expect(exported).toMatchObject({ kind: 'ACCESS', requestId, subject: { email } });

    const htmlDownload = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download as a web page (HTML)' }).click();
    const html = await htmlDownload;
    expect(html.suggestedFilename()).toBe(`my-data-${requestId}.html`);
    const saved = testInfo.outputPath(html.suggestedFilename());
    await html.saveAs(saved);
    const exportedPage = await readFile(saved, 'utf8');
    expect(exportedPage).toMatch(/^<!DOCTYPE html>/);
    expect(exportedPage).not.toMatch(/<script/i);
    expect(exportedPage).toContain(
      '&lt;script&gt;alert("not run")&lt;/script&gt; &amp; &lt;b&gt;not bold&lt;/b&gt;',
    );
    expect(exportedPage).toContain('Open lab &lt;day&gt; &amp; night');

    // Opened from disk, as the person would open the file they saved.
    await page.goto(pathToFileURL(saved).href);
    expect(await page.locator('script').count()).toBe(0);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(/Your data held by/);
    for (const section of ['Subject', 'Registrations', 'Consents', 'Sharing records', 'Requests']) {
      await expect(
        page.getByRole('heading', { level: 2, name: section, exact: true }),
      ).toBeVisible();
    }
    await expect(page.getByRole('cell', { name: email }).first()).toBeVisible();
    await expectNoSeriousViolations(page);
  });
});

test.describe('a request of a kind already open', () => {
  test('is answered with the open request, its reference and due date, and no code is mailed', async ({
    page,
  }) => {
    const email = uniqueEmail('again');
    const filed = await asAdmin(
      server(),
      `mutation ($input: SubmitSubjectRequestInput!) { submitSubjectRequest(input: $input) { id dueAt } }`,
      { input: { type: 'ERASURE', email, identityVerified: true } },
    );
    const { id, dueAt } = filed.submitSubjectRequest;

    await page.goto(`${server().baseURL}/#/request`);
    await page.getByRole('radio', { name: 'Erasure: delete my data' }).check();
    await page.getByLabel('Your email address').fill(email);
    await page.getByRole('button', { name: 'Send request' }).click();

    await expect(
      page.getByRole('heading', { level: 2, name: 'A request of this kind is already open' }),
    ).toBeFocused();
    await expect(page.getByLabel('Code from the email')).toHaveCount(0);
    await expect(page.getByRole('row', { name: /Reference/ })).toContainText(id);
    await expect(page.getByRole('row', { name: /Due by/ })).toContainText(
      await pageDate(page, dueAt),
    );
    await expect(page.getByRole('row', { name: /Status/ })).toContainText(
      'Received: we are working on it',
    );
    expect(
      server()
        .mails()
        .filter((mail) => mail.topic === 'request.verification' && mail.to.includes(email)),
    ).toEqual([]);
    await expectNoSeriousViolations(page);

    // Another kind of request from the same address is a new one, confirmed by a code as ever.
    await page.getByRole('button', { name: 'Make another request' }).click();
    await expect(page.getByLabel('Your email address')).toHaveValue(email);
    await page.getByRole('radio', { name: 'Access: a copy of my data' }).check();
    await page.getByRole('button', { name: 'Send request' }).click();
    await expect(page.getByLabel('Code from the email')).toBeFocused();
    expect(await server().codeMailedTo(email, 'request.verification')).toBeTruthy();
  });

  test('signed in, the person is shown their own open request rather than a second one', async ({
    page,
  }) => {
    const email = uniqueEmail('signed-again');
    const token = await server().token({ role: 'subject', email });
    await page.addInitScript((stored) => {
      sessionStorage.setItem(
        'privacy-ops.subject-token',
        JSON.stringify({ token: stored, expiresAt: null }),
      );
    }, token);
    const fileAccess = async () => {
      await page.goto(`${server().baseURL}/#/request`);
      await page.getByRole('radio', { name: 'Access: a copy of my data' }).check();
      await page.getByLabel('Your email address').fill(email);
      await page.getByRole('button', { name: 'Send request' }).click();
    };

    await fileAccess();
    await expect(
      page.getByRole('heading', { level: 1, name: 'Access: a copy of my data' }),
    ).toBeVisible();
    const first = requestIdIn(page);

    await fileAccess();
    await expect(
      page.getByRole('heading', { level: 2, name: 'A request of this kind is already open' }),
    ).toBeFocused();
    await expect(page.getByRole('row', { name: /Reference/ })).toContainText(first);
    await expectNoSeriousViolations(page);
    await page.getByRole('link', { name: 'Follow the open request' }).click();
    await expect(
      page.getByRole('heading', { level: 1, name: 'Access: a copy of my data' }),
    ).toBeVisible();
    expect(requestIdIn(page)).toBe(first);
  });
});

test.describe('the rights request form at 375 px wide', () => {
  test.use({ viewport: { width: 375, height: 800 } });

  test('a person files an erasure request under the CCPA, confirms it with the mailed code and sees its status and due date', async ({
    page,
  }) => {
    const email = uniqueEmail('erase');
    await page.goto(`${server().baseURL}/#/request`);
    await page.getByRole('radio', { name: 'Erasure: delete my data' }).check();
    await page.getByLabel('Your email address').fill(email);
    await page.getByRole('radio', { name: 'California (CCPA)' }).check();
    await expect(page.getByText('We answer within 45 days.')).toBeVisible();
    await page.getByLabel('Details (optional)').fill('Everything from the 2025 workshop.');
    await expectNoSeriousViolations(page);
    await page.getByRole('button', { name: 'Send request' }).click();

    const code = await server().codeMailedTo(email, 'request.verification');
    await page.getByLabel('Code from the email').fill(code);
    await page.getByRole('button', { name: 'Confirm request' }).click();
    await expect(
      page.getByRole('heading', { level: 1, name: 'Erasure: delete my data' }),
    ).toBeVisible();
    const requestId = requestIdIn(page);
    await expect(page.getByRole('row', { name: /Status/ })).toContainText(
      'Received: we are working on it',
    );
    const due = await pageDate(page, await dueAtOf(requestId));
    await expect(page.getByRole('row', { name: /Due by/ })).toContainText(due);
    await expect(page.getByText(`sign in with ${email}`)).toBeVisible();
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    await expectNoSeriousViolations(page);

    // Read again later, the request is the signed-in person's alone.
    await page.reload();
    await expect(
      page.getByRole('link', { name: 'Sign in with a code sent to your email' }),
    ).toBeVisible();
    await expectNoSeriousViolations(page);
  });
});

test.describe('the rights request form by keyboard alone', () => {
  test('a person chooses, fills, sends and confirms a request without a pointer', async ({
    page,
  }) => {
    const email = uniqueEmail('keys');
    await page.goto(`${server().baseURL}/#/request`);
    await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(page.getByRole('radio', { name: 'Access: a copy of my data' })).toBeFocused();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expect(page.getByRole('radio', { name: 'Erasure: delete my data' })).toBeChecked();
    await page.keyboard.press('Tab');
    await expect(page.getByLabel('Your email address')).toBeFocused();
    await page.keyboard.type(email);
    await page.keyboard.press('Tab');
    await expect(
      page.getByRole('radio', { name: 'European Union, EEA or UK (GDPR)' }),
    ).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(page.getByLabel('Details (optional)')).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(page.getByRole('button', { name: 'Send request' })).toBeFocused();
    await page.keyboard.press('Enter');

    await expect(page.getByLabel('Code from the email')).toBeFocused();
    await page.keyboard.type(await server().codeMailedTo(email, 'request.verification'));
    await page.keyboard.press('Enter');
    await expect(
      page.getByRole('heading', { level: 1, name: 'Erasure: delete my data' }),
    ).toBeFocused();
  });
});

async function newEmailProvenOf(requestId: string): Promise<boolean | null> {
  const data = await asAdmin(
    server(),
    `query ($id: ID!) { subjectRequest(id: $id) { newEmailProven } }`,
    { id: requestId },
  );
  return data.subjectRequest.newEmailProven;
}

test.describe('a correction of the email address at 375 px wide', () => {
  test.use({ viewport: { width: 375, height: 800 } });

  test('right after the first code, the page asks for the code mailed to the new address and says when it is used', async ({
    page,
  }) => {
    const email = uniqueEmail('moving');
    const newEmail = uniqueEmail('moved');
    const eventId = await createEvent(server(), 'Moving day');
    await register(server(), email, eventId, []);
    await page.goto(`${server().baseURL}/#/request`);
    await page.getByRole('radio', { name: 'Correction of my data' }).check();
    await page.getByLabel('Your email address').fill(email);
    const corrections = page.getByRole('group', { name: 'What should we correct?' });
    await corrections.getByLabel('Detail 1').selectOption({ label: 'Email address' });
    await corrections.getByLabel('Correct value 1').fill(newEmail);
    await page.getByRole('button', { name: 'Send request' }).click();
    await page
      .getByLabel('Code from the email')
      .fill(await server().codeMailedTo(email, 'request.verification'));
    await page.getByRole('button', { name: 'Confirm request' }).click();

    await expect(
      page.getByRole('heading', { level: 1, name: 'Correction of my data' }),
    ).toBeVisible();
    const requestId = requestIdIn(page);
    await expect(
      page.getByRole('heading', { level: 2, name: 'Confirm your new email address' }),
    ).toBeVisible();
    await expect(page.getByText(`Enter the code we mailed to ${newEmail}.`)).toBeVisible();
    expect(await newEmailProvenOf(requestId)).toBe(false);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    await expectNoSeriousViolations(page);

    const code = await server().codeMailedTo(newEmail, 'request.verification');
    const wrong = code === '000000' ? '111111' : '000000';
    await page.getByLabel('Code sent to your new address').fill(wrong);
    await page.getByRole('button', { name: 'Confirm new address' }).click();
    await expect(page.getByRole('alert')).toContainText('Wrong code: 4 tries left');
    await expect(page.getByLabel('Code sent to your new address')).toBeFocused();
    await expectNoSeriousViolations(page);

    await page.getByLabel('Code sent to your new address').fill(code);
    await page.getByRole('button', { name: 'Confirm new address' }).click();
    await expect(
      page.getByRole('status').filter({ hasText: 'Your new email address is confirmed' }),
    ).toHaveText(
      'Your new email address is confirmed. We will use it once your request is completed.',
    );
    await expect(page.getByLabel('Code sent to your new address')).toHaveCount(0);
    expect(await newEmailProvenOf(requestId)).toBe(true);
    await expectNoSeriousViolations(page);
  });
});

/** A registered person's correction of their address, entered by an admin with identity checked. */
async function enteredEmailCorrection(
  label: string,
): Promise<{ email: string; newEmail: string; requestId: string }> {
  const email = uniqueEmail(label);
  const newEmail = uniqueEmail(`${label}.new`);
  await register(server(), email, await createEvent(server(), `${label} day`), []);
  const filed = await asAdmin(server(), SUBMIT, {
    input: {
      type: 'RECTIFICATION',
      email,
      corrections: [{ category: 'EMAIL', value: newEmail }],
      identityVerified: true,
    },
  });
  return { email, newEmail, requestId: filed.submitSubjectRequest.id };
}

test.describe('a correction of the email address, come back to later', () => {
  test('signed in later, the person opens the request and confirms the new address, which is now the one used', async ({
    page,
  }) => {
    const { email, newEmail, requestId } = await enteredEmailCorrection('later');
    await asAdmin(server(), `mutation ($id: ID!) { completeSubjectRequest(id: $id) { id } }`, {
      id: requestId,
    });

    await signIn(page, server(), email);
    await page.goto(`${server().baseURL}/#/request/${requestId}`);
    await expect(page.getByText('Enter the code we mailed to your new address.')).toBeVisible();
    await expectNoSeriousViolations(page);
    await page
      .getByLabel('Code sent to your new address')
      .fill(await server().codeMailedTo(newEmail, 'request.verification'));
    await page.keyboard.press('Enter');
    await expect(
      page.getByRole('status').filter({ hasText: 'Your new email address is confirmed' }),
    ).toHaveText('Your new email address is confirmed, and it is now the one we use.');
    expect(await newEmailProvenOf(requestId)).toBe(true);
    await expectNoSeriousViolations(page);
  });
});

test.describe('the link in the mail to a new address', () => {
  test('takes a visitor who is not signed in to the request, where the code alone proves the address', async ({
    page,
  }) => {
    const { newEmail, requestId } = await enteredEmailCorrection('linked');
    const code = await server().codeMailedTo(newEmail, 'request.verification');
    const mail = server()
      .mails()
      .find((received) => received.to.includes(newEmail));
    const link = /^(http\S+)$/m.exec(mail?.raw ?? '')?.[1] ?? '';
    const { port } = new URL(server().baseURL);
    expect(link).toMatch(new RegExp(`:${port}/#/request/${requestId}$`));

    await page.goto(link);
    await expect(
      page.getByRole('heading', { level: 2, name: 'Changing your email address?' }),
    ).toBeVisible();
    await expectNoSeriousViolations(page);
    await page.getByLabel('Code sent to your new address').fill(code);
    await page.keyboard.press('Enter');
    await expect(
      page.getByRole('heading', { level: 1, name: 'Correction of my data' }),
    ).toBeVisible();
    await expect(
      page.getByRole('status').filter({ hasText: 'Your new email address is confirmed' }),
    ).toHaveText(
      'Your new email address is confirmed. We will use it once your request is completed.',
    );
    expect(await newEmailProvenOf(requestId)).toBe(true);
    await expectNoSeriousViolations(page);
  });
});
