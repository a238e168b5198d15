import { mkdir, writeFile } from 'node:fs/promises';
import { generateDataset } from '../workload-data.js';

await mkdir('/tmp/j2k', { recursive: true });
const d = await generateDataset('j2k-1024', { instances: 8, instancesPerStudy: 3, distinctFrames: 8, seed: 5 });
for (const [i, inst] of d.instances.entries()) await writeFile(`/tmp/j2k/${i}.dcm`, inst.bytes);
