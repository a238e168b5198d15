export { ctSliceGeometry, ctSliceSpacing } from './ct-series.js';
export { demoPatient } from './demo-context.js';
export type { DemoFile } from './demo-file.js';
export { type DemoSyntax, demoSyntaxes, demoSyntaxInfo, parseDemoSyntaxes } from './demo-syntax.js';
export {
  type DemoOptions,
  type DemoPart,
  demoParts,
  demoStudyFiles,
  generateDemoStudies,
} from './generate-demo-studies.js';
export { ctSlicePixels, mrSlicePixels } from './phantom-pixels.js';
export { gaussian, type Random, seededRandom } from './seeded-random.js';
