import { buildWeb, WEB_DIST } from '../web/build';

/** `npm run build:web` builds into web/dist; the stack's synth names a folder of cdk.out. */
const outDir = process.argv[2] ?? WEB_DIST;

buildWeb(outDir).then(
  () => console.log(`Built the web pages into ${outDir}`),
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
