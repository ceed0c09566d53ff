// `npm start` builds the web app only when its sources changed since the last build, so a second
// start does not spend seconds rebuilding what is already there.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
const BUILT = path.join(ROOT, 'web/dist/index.html');

function newestMtime(target: string): number {
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(target).map((name) => newestMtime(path.join(target, name))));
}

const sources = ['web/src', 'web/index.html', 'web/vite.config.ts', 'web/tsconfig.json', 'package-lock.json'].map((p) =>
  path.join(ROOT, p),
);
const stale = !existsSync(BUILT) || Math.max(...sources.filter(existsSync).map(newestMtime)) > statSync(BUILT).mtimeMs;
if (stale) execFileSync('npm', ['run', 'build:web'], { cwd: ROOT, stdio: 'inherit' });
