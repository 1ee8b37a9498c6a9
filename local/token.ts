/** `npm run token -- admin | partner ID | subject EMAIL`: prints a token the local server accepts. */
import { SettingsError } from '../lib/environment';
import { loadOrCreateJwtSecret, signLocalToken, type TokenSubject } from './tokens';
import { readSettings } from './settings';

const USAGE = 'usage: npm run token -- admin | partner PARTNER_ID | subject EMAIL';

function subjectOf(args: string[]): TokenSubject | null {
  const [role, value] = args;
  if (role === 'admin' && args.length <= 2) return { role: 'admin', name: value };
  if (role === 'partner' && value && args.length === 2)
    return { role: 'partner', partnerId: value };
  if (role === 'subject' && value?.includes('@') && args.length === 2) {
    return { role: 'subject', email: value };
  }
  return null;
}

async function main() {
  const subject = subjectOf(process.argv.slice(2));
  if (!subject) {
    console.error(USAGE);
    process.exit(2);
  }
  const settings = readSettings();
  const secret = loadOrCreateJwtSecret(settings.dataDir, settings.jwtSecret);
  console.log(await signLocalToken(secret, subject));
}

main().catch((error: unknown) => {
  if (!(error instanceof SettingsError)) throw error;
  console.error(error.message);
  process.exit(2);
});
