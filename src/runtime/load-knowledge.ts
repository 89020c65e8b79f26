/** The knowledge base (validated) and its classifier; the shipped base reuses the build's artifacts. */
import type { ErrorClassifier } from '../classifier/classify.js';
import type { KnowledgeBase } from '../knowledge/load.js';

export interface Knowledge {
  kb: KnowledgeBase;
  classifier: ErrorClassifier;
}

export async function loadKnowledgeAndClassifier(dir?: string): Promise<Knowledge> {
  const { loadKnowledge } = await import('../knowledge/load.js');
  const { ErrorClassifier } = await import('../classifier/classify.js');
  if (dir) {
    const kb = loadKnowledge({ dir });
    return { kb, classifier: ErrorClassifier.fromKnowledge(kb) };
  }
  const { ParseCache } = await import('../knowledge/parse-cache.js');
  const { artifacts } = await import('../paths.js');
  const { TUNED } = await import('../classifier/tuned-params.js');
  const kb = loadKnowledge({ parseCache: new ParseCache(artifacts.parseCache()) });
  return { kb, classifier: ErrorClassifier.fromKnowledge(kb, TUNED, artifacts.classifierIndex()) };
}
