import { buildWeb, WEB_DIST } from '../web/build';

buildWeb().then(
  () => console.log(`Built the web pages into ${WEB_DIST}`),
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
