import { build, type Metafile } from 'esbuild';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';

/** The folder the pages are built into: served by the local server, uploaded to S3 on AWS. */
export const WEB_DIST = join(__dirname, 'dist');

/** Each page: its entry module, its HTML template, and where the built HTML goes. */
const PAGES = [
  { name: 'centre', entry: 'centre/main.tsx', template: 'centre/index.html', output: 'index.html' },
  {
    name: 'admin',
    entry: 'admin/main.tsx',
    template: 'admin/index.html',
    output: 'admin/index.html',
  },
] as const;

const ASSETS = 'assets';

/** The built script and stylesheet of an entry, by their hashed names under /assets. */
function outputsOf(metafile: Metafile, outDir: string, entry: string) {
  const assets: { script?: string; style?: string } = {};
  for (const [file, output] of Object.entries(metafile.outputs)) {
    if (output.entryPoint !== `web/${entry}`) continue;
    const path = `/${relative(outDir, file).split('\\').join('/')}`;
    assets.script = path;
    if (output.cssBundle)
      assets.style = `/${relative(outDir, output.cssBundle).split('\\').join('/')}`;
  }
  if (!assets.script || !assets.style)
    throw new Error(`No script or stylesheet built for ${entry}`);
  return { script: assets.script, style: assets.style };
}

/**
 * Bundles the privacy centre and the admin desk: one hashed script and
 * stylesheet per page (so they can be cached for good), and HTML that loads
 * them with no inline script, as the Content-Security-Policy demands.
 */
export async function buildWeb(outDir = WEB_DIST): Promise<void> {
  await rm(outDir, { recursive: true, force: true });
  const root = dirname(__dirname);
  const result = await build({
    absWorkingDir: root,
    entryPoints: PAGES.map((page) => ({ in: join('web', page.entry), out: page.name })),
    outdir: join(outDir, ASSETS),
    entryNames: '[name]-[hash]',
    assetNames: '[name]-[hash]',
    bundle: true,
    format: 'esm',
    splitting: false,
    minify: true,
    sourcemap: false,
    target: ['chrome120', 'firefox120', 'safari16'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    metafile: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
  for (const page of PAGES) {
    const { script, style } = outputsOf(result.metafile, outDir, page.entry);
    const template = await readFile(join(__dirname, page.template), 'utf8');
    const html = template.replace('{{style}}', style).replace('{{script}}', script);
    const target = join(outDir, page.output);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, html);
  }
}
