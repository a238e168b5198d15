import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { api } from 'dicomweb-client';
import XMLHttpRequest from 'xhr2';
import { createTestApp, type TestApp, type TestAppOptions } from './test-app.test-util.js';

// dicomweb-client talks XMLHttpRequest, as in a browser viewer: give Node one.
(globalThis as { XMLHttpRequest?: unknown }).XMLHttpRequest ??= XMLHttpRequest;

type Options = Record<string, unknown>;

/**
 * The dicomweb-client methods the tests use. Its bundled typings come from JSDoc and are stricter
 * than the library (every option required, frame numbers as a string), so the tests see this view.
 */
export interface ViewerClient {
  storeInstances(options: Options): Promise<unknown>;
  searchForStudies(options?: Options): Promise<unknown>;
  searchForSeries(options?: Options): Promise<unknown>;
  searchForInstances(options?: Options): Promise<unknown>;
  retrieveStudyMetadata(options: Options): Promise<unknown>;
  retrieveInstance(options: Options): Promise<unknown>;
  retrieveInstanceFrames(options: Options): Promise<unknown>;
  retrieveInstanceRendered(options: Options): Promise<unknown>;
}

export interface DicomwebServer {
  /** e.g. http://127.0.0.1:41234 */
  origin: string;
  app: TestApp;
  client: ViewerClient;
  close(): Promise<void>;
}

/** The whole app on a free local port, and a dicomweb-client pointed at its /dicomweb. */
export async function startDicomwebServer(options: TestAppOptions = {}): Promise<DicomwebServer> {
  const app = await createTestApp(options);
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const listening = serve({ fetch: app.app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(listening));
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  const client = new api.DICOMwebClient({
    url: `${origin}/dicomweb`,
    singlepart: false,
    verbose: false,
    // A viewer signs in: the administrator's Bearer token on every request.
    headers: app.adminHeaders,
  }) as unknown as ViewerClient;
  return {
    origin,
    app,
    client,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ('closeAllConnections' in server) server.closeAllConnections();
      });
      await app.dispose();
    },
  };
}
