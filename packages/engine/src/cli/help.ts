export const HELP = `Usage: lucent-engine <command> [options] FILE…

Commands:
  info FILE…                 one JSON line of metadata per file
  decode [--frame N] FILE…   decode frame N (zero-based, default 0) of each file; one JSON line per
                             file: file, frame, frames, rows, columns, samplesPerPixel, bitsAllocated,
                             bitsStored, pixelRepresentation, photometricInterpretation (as decoded),
                             min, max, mean, sha256 (of the stored values, little-endian)
  render FILE --out PATH [--frame N] [--width W] [--height H] [--window C,W[,FN]]
         [--format jpeg|png|webp|avif] [--quality Q]
                             render one frame to an image file (written atomically); prints one JSON
                             line. The format defaults to the --out extension, else jpeg. FN is the
                             VOI LUT function: LINEAR (default), LINEAR_EXACT or SIGMOID.
  demo --out DIR [--slices N] [--syntaxes LIST] [--parts LIST] [--seed S]
                             write synthetic demo studies (no patient data) under DIR, a folder a
                             series; one JSON line per file (file, bytes). --slices: CT slices a
                             series (default 16); --syntaxes: the CT series' transfer syntaxes from
                             explicit,rle,jpegls,j2k,htj2k,j2k-lossy (default all); --parts: from
                             ct,mr,ultrasound,multiframe (default all); --seed: reproducible output.

A file that fails prints {"file", "error", "message"} (error: a catalogue code such as INVALID_DICOM,
NOT_FOUND) and the other files go on. Files are processed concurrently; output keeps input order.

Options:
  --threads N   worker threads (default: the machine's available parallelism, at most one a file)
  -h, --help    show this help

Exit code: 0 when every file succeeded, 2 when any failed, 1 for a usage error.
`;
