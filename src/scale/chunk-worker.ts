import { shippedCatalog } from '../cli/catalog-files.js';
import { type ChunkTask, computeChunk } from './chunk-task.js';

/** A worker thread's entry (piscina): one chunk of a split study, as JSON text. */
export default function chunkWorker(task: ChunkTask): string {
  return computeChunk(task, shippedCatalog());
}
