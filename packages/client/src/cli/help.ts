export const HELP = `Usage: lucent [--url URL] <command> [options]

Commands:
  login --email EMAIL [--password-stdin] [--remember-me]
        sign in (password from stdin or $LUCENT_PASSWORD); the tokens are kept, refreshed, in
        ~/.config/lucent/credentials.json (mode 0600; $LUCENT_CREDENTIALS overrides the path)
  logout
        end the stored session and forget its tokens
  upload <dir|file>… [--overwrite] [--concurrency N] [--batch-files N] [--batch-mb N] [--json]
        upload DICOM files (directories recursively) in multipart requests of up to --batch-files
        files (default 100) and --batch-mb MiB (default 64; a larger file goes alone), N requests
        at a time (default 2); prints one line per file (a progress bar instead on a terminal) and
        a summary of stored / duplicate / overwritten / failed files. When the server's upload rate
        limit is reached (429), it waits as long as the server asks (up to an hour) and goes on
  studies [--patient-name NAME] [--patient-id ID] [--date YYYYMMDD[-YYYYMMDD]] [--modality CT]
          [--accession NUMBER] [--limit N] [--offset N] [--json]
        list studies (newest first) as a table, or the search result as JSON; NAME is exact or a
        prefix ending in * (names are encrypted and searched through blind indexes)
  render <sopInstanceUid> --out FILE [--frame N] [--width W] [--height H] [--window C,W[,FN]]
         [--format jpeg|png|webp|avif] [--quality Q]
        render one frame (numbered from 1) to an image file; the format defaults to FILE's
        extension. FN is the VOI LUT function: LINEAR (default), LINEAR_EXACT or SIGMOID.
  keys rotate|status [--json]
        rotate: make a new master data key active and re-encrypt stored PHI fields and file keys in
        the background (system administrators); status: each key's remaining use and the progress

Options:
  --url URL     the Lucent server (default: $LUCENT_URL, else http://localhost:3000)
  -h, --help    show this help

Signing in (other commands): $LUCENT_TOKEN (an access token), else $LUCENT_EMAIL and
$LUCENT_PASSWORD (signs in for the run), else the tokens stored by \`lucent login\`.

Exit code: 0 on success, 2 when the server answered an error or any upload failed, 1 for a usage error.
`;
