/** Where the package's own files are, whether running from src/ (tests) or dist/src/ (built). */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/** The directory holding package.json and knowledge/. */
export function packageRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    if (existsSync(join(dir, 'knowledge', 'variables.yaml')) && existsSync(join(dir, 'package.json'))) return (root = dir);
    dir = dirname(dir);
  }
  throw new Error('cannot find the package root (the directory with package.json and knowledge/)');
}

/** Files `npm run build` derives from knowledge/ to speed up start-up; each is checked before use. */
export const artifacts = {
  parseCache: () => join(packageRoot(), 'dist', 'knowledge-parse-cache.json'),
  classifierIndex: () => join(packageRoot(), 'dist', 'classifier-index.json'),
};
