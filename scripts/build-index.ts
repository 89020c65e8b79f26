/**
 * Part of `npm run build`: validate knowledge/ and save what start-up can reuse while the
 * files are unchanged (the parsed YAML and the classifier index), see src/paths.ts.
 */
import { loadKnowledge } from '../src/knowledge/load.js';
import { ParseCache } from '../src/knowledge/parse-cache.js';
import { writeSnapshot } from '../src/classifier/index-snapshot.js';
import { artifacts } from '../src/paths.js';

const parseCache = new ParseCache();
const kb = loadKnowledge({ parseCache });
parseCache.save(artifacts.parseCache());
writeSnapshot(artifacts.classifierIndex(), kb);
console.log(`knowledge OK (${kb.entries.length} errors); parse cache and classifier index written to dist/`);
