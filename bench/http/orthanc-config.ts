import { execFile } from 'node:child_process';
import { access } from 'node:fs/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The Debian packages the peer comes from (`apt-get install orthanc orthanc-gdcm orthanc-dicomweb`). */
export const orthancPackages = { server: 'orthanc', gdcm: 'orthanc-gdcm', dicomweb: 'orthanc-dicomweb' } as const;

export interface OrthancInstallation {
  executable: string;
  version: string;
  /** Plugin shared objects: GDCM (JPEG 2000 and other codecs) and DICOMweb. */
  plugins: { gdcm: string; dicomweb: string };
}

/**
 * The plugin a package installs, from its `dpkg -L` listing: the `.so` under a `plugins/` folder
 * (Debian links /usr/share/orthanc/plugins/libOrthancGdcm.so to the versioned library).
 */
export function pluginPathFrom(listing: string): string | undefined {
  const libraries = listing
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => /\.so(\.[\d.]+)?$/.test(line));
  return libraries.find((line) => /\/plugins\/[^/]+\.so$/.test(line)) ?? libraries[0];
}

async function dpkgPlugin(packageName: string): Promise<string | undefined> {
  try {
    const { stdout } = await run('dpkg', ['-L', packageName]);
    return pluginPathFrom(stdout);
  } catch {
    return undefined;
  }
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/**
 * Orthanc and its two plugins, or the reason the peer is unavailable (binary or a plugin
 * missing). The executable is `ORTHANC_BIN`, else `Orthanc` on the PATH or /usr/sbin/Orthanc.
 */
export async function findOrthanc(
  executable = process.env.ORTHANC_BIN,
): Promise<OrthancInstallation | { unavailable: string }> {
  const candidates = executable === undefined ? ['Orthanc', '/usr/sbin/Orthanc'] : [executable];
  let found: { executable: string; version: string } | undefined;
  for (const candidate of candidates) {
    try {
      const { stdout } = await run(candidate, ['--version']);
      found = { executable: candidate, version: /Orthanc\s+([\w.+~-]+)/i.exec(stdout)?.[1] ?? 'unknown' };
      break;
    } catch {
      // try the next candidate
    }
  }
  if (found === undefined) return { unavailable: `Orthanc not installed (apt-get install ${orthancPackages.server})` };
  const gdcm = await dpkgPlugin(orthancPackages.gdcm);
  const dicomweb = await dpkgPlugin(orthancPackages.dicomweb);
  if (gdcm === undefined || !(await exists(gdcm))) {
    return { unavailable: `the GDCM plugin is not installed (apt-get install ${orthancPackages.gdcm})` };
  }
  if (dicomweb === undefined || !(await exists(dicomweb))) {
    return { unavailable: `the DICOMweb plugin is not installed (apt-get install ${orthancPackages.dicomweb})` };
  }
  return { ...found, plugins: { gdcm, dicomweb } };
}

export interface OrthancConfigOptions {
  directory: string;
  httpPort: number;
  plugins: readonly string[];
}

/**
 * A configuration for a private, throw-away Orthanc: HTTP only on `httpPort`, no DICOM listener, no
 * authentication, storage and index in `directory`, the given plugins, DICOMweb under /dicom-web/.
 * Everything else stays at Orthanc's defaults, so the peer is measured as it ships.
 */
export function orthancConfig(options: OrthancConfigOptions): Record<string, unknown> {
  return {
    Name: 'lucent-bench-peer',
    StorageDirectory: `${options.directory}/storage`,
    IndexDirectory: `${options.directory}/index`,
    HttpPort: options.httpPort,
    HttpServerEnabled: true,
    DicomServerEnabled: false,
    RemoteAccessAllowed: true,
    AuthenticationEnabled: false,
    SaveJobs: false,
    Plugins: [...options.plugins],
    DicomWeb: { Enable: true, Root: '/dicom-web/' },
  };
}
