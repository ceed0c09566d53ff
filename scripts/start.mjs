// `npm start`: builds what changed since the last start — the web app (Vite) and the server bundle
// (esbuild: our TypeScript in one ES module, packages left to node_modules) — then runs the server in
// this same process. Issue 18: a second start must not spend seconds compiling TypeScript file by file
// (tsx) or rebuilding what is already there. Plain JavaScript, so nothing is compiled to run it.
// Usage: node scripts/start.mjs [serve|seed|…]   (the commands of src/main.ts; default serve)
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = path.resolve(import.meta.dirname, '..');
const WEB_BUILT = path.join(ROOT, 'web/dist/index.html');
const SERVER_BUNDLE = path.join(ROOT, 'dist/server/main.mjs');

function newestMtime(target) {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(target).map((name) => newestMtime(path.join(target, name))));
}

const stale = (built, sources) =>
  !existsSync(built) || Math.max(...sources.map((p) => newestMtime(path.join(ROOT, p)))) > statSync(built).mtimeMs;

if (
  stale(WEB_BUILT, [
    'web/src',
    'src/shared',
    'web/index.html',
    'web/vite.config.ts',
    'web/tsconfig.json',
    'package-lock.json',
  ])
)
  execFileSync('npm', ['run', 'build:web'], { cwd: ROOT, stdio: 'inherit' });

if (stale(SERVER_BUNDLE, ['src', 'scripts/demo', 'package-lock.json', 'tsconfig.json'])) {
  const { build } = await import('esbuild');
  await build({
    entryPoints: [path.join(ROOT, 'src/main.ts')],
    outfile: SERVER_BUNDLE,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Packages stay in node_modules: several find their own files (PGlite's wasm, fonts, the face
    // models, Swagger UI's assets) next to their code.
    packages: 'external',
    sourcemap: true,
    logLevel: 'warning',
  });
}

// Stack traces name the TypeScript files and lines, not the bundle's.
process.setSourceMapsEnabled(true);
await import(pathToFileURL(SERVER_BUNDLE).href);
