import { useState } from "preact/hooks";
import { apiObjectUrl } from "../api.js";

/**
 * Saves what the API answers at `path` as `fileName`: a link cannot send the API token, so the file
 * is fetched with it and handed to the browser.
 */
export function DownloadButton({ path, fileName, label }: { path: string; fileName: string; label: string }) {
  const [busy, setBusy] = useState(false);
  const download = async () => {
    setBusy(true);
    try {
      const url = await apiObjectUrl(path);
      const link = document.createElement("a");
      link.href = url;
      link.download = fileName;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } finally {
      setBusy(false);
    }
  };
  return (
    <button type="button" class="button" onClick={download} disabled={busy} aria-busy={busy}>
      {label}
    </button>
  );
}
