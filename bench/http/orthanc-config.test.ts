import { describe, expect, it } from 'vitest';
import { orthancConfig, pluginPathFrom } from './orthanc-config.js';

describe('pluginPathFrom', () => {
  it('picks the plugin link from a dpkg -L listing', () => {
    const listing = [
      '/.',
      '/usr/lib/orthanc',
      '/usr/lib/orthanc/libOrthancGdcm.so.1.5',
      '/usr/share/doc/orthanc-gdcm/copyright',
      '/usr/share/orthanc/plugins/libOrthancGdcm.so',
    ].join('\n');
    expect(pluginPathFrom(listing)).toBe('/usr/share/orthanc/plugins/libOrthancGdcm.so');
  });

  it('falls back to the versioned library, and to nothing without one', () => {
    expect(pluginPathFrom('/usr/lib/orthanc/libOrthancDicomWeb.so.1.7\n')).toBe(
      '/usr/lib/orthanc/libOrthancDicomWeb.so.1.7',
    );
    expect(pluginPathFrom('/usr/share/doc/orthanc\n')).toBeUndefined();
  });
});

describe('orthancConfig', () => {
  const config = orthancConfig({ directory: '/tmp/peer', httpPort: 18042, plugins: ['/p/gdcm.so', '/p/web.so'] });

  it('keeps storage and index in the given directory', () => {
    expect(config).toMatchObject({ StorageDirectory: '/tmp/peer/storage', IndexDirectory: '/tmp/peer/index' });
  });

  it('serves HTTP on the given port with no DICOM listener and no authentication', () => {
    expect(config).toMatchObject({
      HttpPort: 18042,
      DicomServerEnabled: false,
      RemoteAccessAllowed: true,
      AuthenticationEnabled: false,
    });
  });

  it('loads the plugins and enables DICOMweb under /dicom-web/', () => {
    expect(config.Plugins).toEqual(['/p/gdcm.so', '/p/web.so']);
    expect(config.DicomWeb).toEqual({ Enable: true, Root: '/dicom-web/' });
  });
});
