import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createTestApp, type TestApp, type TestAppOptions } from '../../../api/src/testing/test-app.test-util.js';

export { type CorpusEntry, corpusDir, corpusManifest } from '../../../api/src/testing/corpus.test-util.js';
/** Synthetic DICOM (phantom studies, no patient data) for tests that need many fresh files. */
export { demoStudyFiles } from '../../../engine/src/synth/index.js';

export interface TestServer {
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  app: TestApp;
  /** Stop listening, then drop the app's database, cache keys and files. */
  close(): Promise<void>;
}

/** The real API (createTestApp: own database, Redis prefix, DATA_DIR) listening on a free local port. */
export async function startTestServer(options: TestAppOptions = {}): Promise<TestServer> {
  const app = await createTestApp(options);
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const listening = serve({ fetch: app.app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(listening));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    app,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ('closeAllConnections' in server) server.closeAllConnections();
      });
      await app.dispose();
    },
  };
}
