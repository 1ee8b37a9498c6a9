import { buildWeb } from '../../../web/build';

/** The pages are built once per run, as `npm start` builds them. */
export default async function globalSetup() {
  await buildWeb();
}
